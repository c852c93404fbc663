package dev.warden.rules;

import java.util.List;

import org.graalvm.polyglot.Source;

/**
 * One compiled rule file: its source (compiled once and shared by every worker), its rules and its problems.
 * A file with problems contributes no rules. Immutable.
 *
 * @param path the path relative to the rules folder
 */
public record RuleFile(String path, String version, Source source, List<RuleDefinition> rules,
                       List<RuleProblem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
