package dev.warden.rules.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds where the fields of a rule's object literal are written, so that a problem with a field points at its line
 * rather than at the {@code rule(} call: {@code rule({ ..., timeout: 'ten seconds' })} has its {@code timeout} key at
 * some line and column of the file, which GraalJS does not tell (it gives positions of calls, not of properties).
 *
 * <p>A small scanner, not a parser: from the call's position it expects a callee name, {@code (} and <code>{</code>,
 * then reads the keys at the top level of that object, skipping strings, template literals, comments, regular
 * expressions and nested brackets. Where it cannot tell (a spread, a computed key, a descriptor built elsewhere, a
 * regular expression it mistakes for a division), it finds nothing or less, and the problem stays at the call.
 */
final class FieldLocator {

    /** A key's place: 1-based line and column, as {@link dev.warden.rules.SourceLocation} has them. */
    record Place(int line, int column) {
    }

    private final String text;
    /** Where each line starts, so that a place is found by a binary search (a file may hold a hundred rules). */
    private final int[] lineStarts;
    private int i;

    private FieldLocator(String text) {
        this.text = text;
        int lines = 1;
        for (int k = 0; k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                lines++;
            }
        }
        this.lineStarts = new int[lines];
        for (int k = 0, line = 1; k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                lineStarts[line++] = k + 1;
            }
        }
    }

    /** A locator for one file's text; not thread-safe (a validator reads one module at a time). */
    static FieldLocator of(String text) {
        return new FieldLocator(text);
    }

    /** As {@link #keysAt}, for a text scanned once. */
    static Map<String, Place> keys(String text, int line, int column) {
        return of(text).keysAt(line, column);
    }

    /**
     * The top-level keys of the object literal passed to the call at {@code line}:{@code column}, each at its last
     * occurrence (the one JavaScript keeps); empty when there is no object literal there.
     */
    Map<String, Place> keysAt(int line, int column) {
        int start = offset(line, column);
        if (start < 0) {
            return Map.of();
        }
        i = start;
        try {
            return objectKeys();
        } catch (IndexOutOfBoundsException unterminated) {
            return Map.of();
        }
    }

    private Map<String, Place> objectKeys() {
        while (i < text.length() && (Character.isJavaIdentifierPart(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        if (next() != '(') {
            return Map.of();
        }
        i++;
        if (next() != '{') {
            return Map.of();
        }
        i++;
        Map<String, Place> keys = new HashMap<>();
        boolean expectKey = true;
        int depth = 0;
        char previous = '{';
        while (true) {
            char c = next();
            if (c == 0) {
                return keys;
            }
            if (depth == 0 && expectKey && (c == '\'' || c == '"' || Character.isJavaIdentifierStart(c))) {
                int at = i;
                String key = c == '\'' || c == '"' ? string() : identifier();
                char after = next();
                if (c != '\'' && c != '"' && isModifier(key) && Character.isJavaIdentifierStart(after)) {
                    at = i;
                    key = identifier();
                    after = next();
                }
                if (after == ':' || after == '(' || after == ',' || after == '}') {
                    keys.put(key, place(at));
                }
                expectKey = false;
                previous = 'a';
                continue;
            }
            if (skipLiteral(c, previous)) {
                previous = c;
                continue;
            }
            switch (c) {
                case '{', '(', '[' -> {
                    expectKey = false;
                    depth++;
                    i++;
                }
                case '}', ')', ']' -> {
                    if (depth == 0) {
                        return keys;
                    }
                    depth--;
                    i++;
                }
                case ',' -> {
                    expectKey = depth == 0;
                    i++;
                }
                default -> {
                    if (Character.isJavaIdentifierStart(c)) {
                        String word = identifier();
                        previous = isKeywordBeforeExpression(word) ? '=' : 'a';
                        continue;
                    }
                    // '*' comes before a generator method's name; anything else (a spread's dots) is no key.
                    expectKey &= c == '*';
                    i++;
                }
            }
            previous = c;
        }
    }

    /** Skips the string, template literal or regular expression (or the division's slash) at {@code c}, if any. */
    private boolean skipLiteral(char c, char previous) {
        switch (c) {
            case '\'', '"' -> string();
            case '`' -> template();
            case '/' -> {
                if (regexMayStartAfter(previous)) {
                    regex();
                } else {
                    i++;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Skips whitespace and comments; the character there, or 0 at the end. */
    private char next() {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0' || c == '\ufeff') {
                i++;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else {
                return c;
            }
        }
        return 0;
    }

    private String identifier() {
        int start = i;
        while (i < text.length() && Character.isJavaIdentifierPart(text.charAt(i))) {
            i++;
        }
        return text.substring(start, i);
    }

    /** Reads a quoted string from its opening quote; its content (escapes kept as written). */
    private String string() {
        char quote = text.charAt(i++);
        int start = i;
        while (text.charAt(i) != quote) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '\n') {
                throw new IndexOutOfBoundsException("unterminated string");
            }
            i++;
        }
        return text.substring(start, i++);
    }

    /** Skips a template literal from its opening backtick, substitutions included. */
    private void template() {
        i++;
        while (text.charAt(i) != '`') {
            if (text.charAt(i) == '\\') {
                i += 2;
            } else if (text.startsWith("${", i)) {
                i += 2;
                substitution();
            } else {
                i++;
            }
        }
        i++;
    }

    /** Skips the expression of a template's <code>${...}</code> up to and past its closing brace. */
    private void substitution() {
        int depth = 0;
        char previous = '{';
        while (true) {
            char c = next();
            if (c == 0) {
                throw new IndexOutOfBoundsException("unterminated template");
            }
            if (skipLiteral(c, previous)) {
                previous = c;
                continue;
            }
            switch (c) {
                case '{', '(', '[' -> {
                    depth++;
                    i++;
                }
                case '}', ')', ']' -> {
                    i++;
                    if (depth-- == 0) {
                        return;
                    }
                }
                default -> {
                    if (Character.isJavaIdentifierStart(c)) {
                        previous = isKeywordBeforeExpression(identifier()) ? '=' : 'a';
                        continue;
                    }
                    i++;
                }
            }
            previous = c;
        }
    }

    /** Skips a regular expression literal from its opening slash, flags included. */
    private void regex() {
        i++;
        boolean inClass = false;
        while (true) {
            char c = text.charAt(i);
            if (c == '\n') {
                throw new IndexOutOfBoundsException("not a regular expression");
            }
            if (c == '\\') {
                i += 2;
                continue;
            }
            i++;
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                break;
            }
        }
        while (i < text.length() && Character.isJavaIdentifierPart(text.charAt(i))) {
            i++;
        }
    }

    /** Whether a slash after this character starts a regular expression rather than a division. */
    private static boolean regexMayStartAfter(char previous) {
        return "(,=:[!&|?{};+-*%<>~^".indexOf(previous) >= 0;
    }

    private static boolean isKeywordBeforeExpression(String word) {
        return switch (word) {
            case "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield",
                 "await", "instanceof" -> true;
            default -> false;
        };
    }

    /** Method prefixes: {@code async run() {}}, {@code get id() {}}. */
    private static boolean isModifier(String word) {
        return word.equals("async") || word.equals("get") || word.equals("set");
    }

    private Place place(int offset) {
        int found = java.util.Arrays.binarySearch(lineStarts, offset);
        int index = found >= 0 ? found : -found - 2;
        return new Place(index + 1, offset - lineStarts[index] + 1);
    }

    private int offset(int line, int column) {
        if (line < 1 || line > lineStarts.length || column < 1) {
            return -1;
        }
        int lineEnd = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        int offset = lineStarts[line - 1] + column - 1;
        return offset >= lineEnd ? -1 : offset;
    }
}
