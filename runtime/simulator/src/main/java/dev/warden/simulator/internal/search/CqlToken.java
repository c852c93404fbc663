package dev.warden.simulator.internal.search;

/** A CQL token; {@code text} is unquoted for strings. */
record CqlToken(Kind kind, String text) {
    enum Kind { WORD, STRING, OPERATOR, OPEN, CLOSE, COMMA, END }

    boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }
}
