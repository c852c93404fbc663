package dev.warden.simulator.internal.search;

import dev.warden.simulator.internal.search.CqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits CQL into words, quoted strings, operators, parentheses and commas. */
final class CqlLexer {
    private CqlLexer() {}

    static List<CqlToken> tokens(String cql) {
        List<CqlToken> tokens = new ArrayList<>();
        int i = 0;
        while (i < cql.length()) {
            char c = cql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new CqlToken(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c)));
                i++;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                StringBuilder text = new StringBuilder();
                while (end < cql.length() && cql.charAt(end) != c) {
                    if (cql.charAt(end) == '\\' && end + 1 < cql.length()) {
                        end++;
                    }
                    text.append(cql.charAt(end++));
                }
                if (end >= cql.length()) {
                    throw new CqlException("unterminated string");
                }
                tokens.add(new CqlToken(Kind.STRING, text.toString()));
                i = end + 1;
            } else if ("=!~<>".indexOf(c) >= 0) {
                int end = i + 1;
                if (end < cql.length() && "=~".indexOf(cql.charAt(end)) >= 0 && c != '=' && c != '~') {
                    end++;
                }
                String operator = cql.substring(i, end);
                if (operator.equals("!")) {
                    throw new CqlException("unknown operator !");
                }
                tokens.add(new CqlToken(Kind.OPERATOR, operator));
                i = end;
            } else {
                int end = i;
                while (end < cql.length() && !Character.isWhitespace(cql.charAt(end))
                        && "()=,!~<>\"'".indexOf(cql.charAt(end)) < 0) {
                    end++;
                }
                tokens.add(new CqlToken(Kind.WORD, cql.substring(i, end)));
                i = end;
            }
        }
        tokens.add(new CqlToken(Kind.END, ""));
        return tokens;
    }
}
