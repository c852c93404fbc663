package dev.warden.rules;

/**
 * A rule ready to run: its definition, the compiled file it came from, and the key under which workers cache a
 * warm context for it (changes when the file or a library it may import changes).
 */
public record LoadedRule(RuleDefinition definition, RuleFile file, String contextKey) {

    public String id() {
        return definition.id();
    }
}
