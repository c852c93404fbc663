package dev.warden.rules;

/**
 * A position in a rule file, 1-based, as editors and compilers print it.
 *
 * @param file the path relative to the rules folder
 */
public record SourceLocation(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
