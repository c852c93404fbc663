package dev.warden.simulator.internal.search;

import dev.warden.simulator.internal.search.CqlToken.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A recursive-descent parser for the CQL subset: clauses joined by AND, OR, NOT and parentheses, then an optional
 * ORDER BY.
 */
final class CqlParser {
    private final List<CqlToken> tokens;
    private final Instant now;
    private int position;

    private CqlParser(String cql, Instant now) {
        this.tokens = CqlLexer.tokens(cql);
        this.now = now;
    }

    static CqlQuery parse(String cql, Instant now) {
        CqlParser parser = new CqlParser(cql, now);
        Predicate<SearchItem> filter = parser.or();
        Comparator<SearchItem> order = parser.orderBy();
        if (parser.peek().kind() != Kind.END) {
            throw new CqlException("unexpected " + parser.peek().text());
        }
        return new CqlQuery(filter, order);
    }

    private Predicate<SearchItem> or() {
        Predicate<SearchItem> result = and();
        while (peek().isKeyword("OR")) {
            next();
            result = result.or(and());
        }
        return result;
    }

    private Predicate<SearchItem> and() {
        Predicate<SearchItem> result = unary();
        while (peek().isKeyword("AND")) {
            next();
            result = result.and(unary());
        }
        return result;
    }

    private Predicate<SearchItem> unary() {
        if (peek().isKeyword("NOT")) {
            next();
            return unary().negate();
        }
        if (peek().kind() == Kind.OPEN) {
            next();
            Predicate<SearchItem> inner = or();
            expect(Kind.CLOSE);
            return inner;
        }
        return clause();
    }

    private Predicate<SearchItem> clause() {
        CqlToken field = expect(Kind.WORD);
        String operator;
        if (peek().kind() == Kind.OPERATOR) {
            operator = next().text();
        } else if (peek().isKeyword("IN")) {
            next();
            operator = "in";
        } else if (peek().isKeyword("NOT")) {
            next();
            if (!next().isKeyword("IN")) {
                throw new CqlException("expected IN after NOT");
            }
            operator = "not in";
        } else {
            throw new CqlException("expected an operator after " + field.text());
        }
        List<CqlValue> values = operator.endsWith("in") ? list() : List.of(value());
        return CqlClauses.build(field.text(), operator, values, now);
    }

    private List<CqlValue> list() {
        expect(Kind.OPEN);
        List<CqlValue> values = new ArrayList<>();
        values.add(value());
        while (peek().kind() == Kind.COMMA) {
            next();
            values.add(value());
        }
        expect(Kind.CLOSE);
        return values;
    }

    private CqlValue value() {
        CqlToken token = next();
        if (token.kind() == Kind.STRING) {
            return CqlValue.literal(token.text());
        }
        if (token.kind() != Kind.WORD || token.isKeyword("AND") || token.isKeyword("OR")) {
            throw new CqlException("expected a value, found " + token.text());
        }
        if (peek().kind() != Kind.OPEN) {
            return CqlValue.literal(token.text());
        }
        next();
        List<String> arguments = new ArrayList<>();
        while (peek().kind() != Kind.CLOSE) {
            CqlToken argument = next();
            if (argument.kind() != Kind.STRING && argument.kind() != Kind.WORD) {
                throw new CqlException("bad argument to " + token.text());
            }
            arguments.add(argument.text());
            if (peek().kind() == Kind.COMMA) {
                next();
            }
        }
        next();
        return new CqlValue(null, token.text(), arguments);
    }

    private Comparator<SearchItem> orderBy() {
        Comparator<SearchItem> byId = Comparator.comparingLong(item -> item.page().numericId());
        if (!peek().isKeyword("ORDER")) {
            return byId;
        }
        next();
        if (!next().isKeyword("BY")) {
            throw new CqlException("expected BY after ORDER");
        }
        Comparator<SearchItem> order = null;
        do {
            if (order != null) {
                next();
            }
            Comparator<SearchItem> key = key(expect(Kind.WORD).text());
            if (peek().isKeyword("DESC")) {
                next();
                key = key.reversed();
            } else if (peek().isKeyword("ASC")) {
                next();
            }
            order = order == null ? key : order.thenComparing(key);
        } while (peek().kind() == Kind.COMMA);
        return order.thenComparing(byId);
    }

    private static Comparator<SearchItem> key(String field) {
        return switch (field.toLowerCase(Locale.ROOT)) {
            case "title" -> Comparator.comparing(item -> item.page().title());
            case "created" -> Comparator.comparing(item -> item.page().createdAt());
            case "lastmodified" -> Comparator.comparing(item -> item.page().current().createdAt());
            case "id" -> Comparator.comparingLong(item -> item.page().numericId());
            default -> throw new CqlException("cannot order by " + field);
        };
    }

    private CqlToken peek() {
        return tokens.get(position);
    }

    private CqlToken next() {
        CqlToken token = tokens.get(position);
        if (token.kind() != Kind.END) {
            position++;
        }
        return token;
    }

    private CqlToken expect(Kind kind) {
        CqlToken token = next();
        if (token.kind() != kind) {
            throw new CqlException("expected " + kind + ", found '" + token.text() + "'");
        }
        return token;
    }
}
