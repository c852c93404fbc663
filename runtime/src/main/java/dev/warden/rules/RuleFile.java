package dev.warden.rules;

import java.util.List;

import org.graalvm.polyglot.Source;

/**
 * One compiled rule file: its source (compiled once and shared by every worker), its rules and its problems.
 * A file with problems contributes no rules; warnings (a promise its top level rejected and left unhandled) do not
 * stop it loading. Immutable.
 *
 * @param path the path relative to the rules folder
 */
public record RuleFile(String path, String version, Source source, List<RuleDefinition> rules,
                       List<RuleProblem> problems, List<RuleProblem> warnings) {

    public RuleFile(String path, String version, Source source, List<RuleDefinition> rules,
                    List<RuleProblem> problems) {
        this(path, version, source, rules, problems, List.of());
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
