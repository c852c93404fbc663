package dev.warden.simulator.internal.search;

import dev.warden.simulator.internal.content.Label;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Turns one {@code field op value} clause into a predicate; the supported subset is listed in the README. */
final class CqlClauses {
    private CqlClauses() {}

    static Predicate<SearchItem> build(String field, String operator, List<CqlValue> values, Instant now) {
        return switch (field.toLowerCase(Locale.ROOT)) {
            case "space", "space.key" -> membership(operator, values, item -> Set.of(lower(item.space().key())));
            case "type" -> membership(operator, values, item -> Set.of("page"));
            case "label" -> membership(operator, values, item -> item.page().labels().stream()
                    .map(Label::name).map(CqlClauses::lower).collect(Collectors.toSet()));
            case "id", "content" -> membership(operator, values, item -> Set.of(item.page().id()));
            case "parent" -> membership(operator, values, item -> item.page().parentId() == null
                    ? Set.of() : Set.of(item.page().parentId()));
            case "ancestor" -> membership(operator, values, item -> Set.copyOf(item.ancestorIds()));
            case "title" -> text(operator, values, item -> item.page().title(), true);
            case "text" -> text(operator, values, item -> item.page().title() + " " + item.page().current().body(),
                    false);
            case "created" -> date(operator, values, now, item -> item.page().createdAt());
            case "lastmodified" -> date(operator, values, now, item -> item.page().current().createdAt());
            default -> throw new CqlException("unsupported field " + field);
        };
    }

    private static Predicate<SearchItem> membership(String operator, List<CqlValue> values,
            Function<SearchItem, Set<String>> actual) {
        Set<String> wanted = values.stream().map(CqlClauses::literal).map(CqlClauses::lower)
                .collect(Collectors.toSet());
        Predicate<SearchItem> any = item -> actual.apply(item).stream().anyMatch(wanted::contains);
        return switch (operator) {
            case "=", "in" -> any;
            case "!=", "not in" -> any.negate();
            default -> throw new CqlException("operator " + operator + " is not supported here");
        };
    }

    private static Predicate<SearchItem> text(String operator, List<CqlValue> values,
            Function<SearchItem, String> actual, boolean exactAllowed) {
        String value = single(values);
        Predicate<SearchItem> contains = item -> containsAllTerms(actual.apply(item), value);
        return switch (operator) {
            case "~" -> contains;
            case "!~" -> contains.negate();
            case "=" -> requireExact(exactAllowed, item -> actual.apply(item).equalsIgnoreCase(value));
            case "!=" -> requireExact(exactAllowed, item -> !actual.apply(item).equalsIgnoreCase(value));
            default -> throw new CqlException("operator " + operator + " is not supported here");
        };
    }

    private static Predicate<SearchItem> requireExact(boolean allowed, Predicate<SearchItem> predicate) {
        if (!allowed) {
            throw new CqlException("text supports ~ and !~ only");
        }
        return predicate;
    }

    private static Predicate<SearchItem> date(String operator, List<CqlValue> values, Instant now,
            Function<SearchItem, Instant> actual) {
        if (values.size() != 1) {
            throw new CqlException("a date clause takes one value");
        }
        CqlValue value = values.getFirst();
        Instant bound;
        if (value.isFunction()) {
            if (!value.function().equalsIgnoreCase("now")) {
                throw new CqlException("unsupported function " + value.function());
            }
            bound = CqlValues.now(now, value.arguments().isEmpty() ? null : value.arguments().getFirst());
        } else {
            bound = CqlValues.date(value.text());
        }
        return switch (operator) {
            case ">" -> item -> actual.apply(item).isAfter(bound);
            case ">=" -> item -> !actual.apply(item).isBefore(bound);
            case "<" -> item -> actual.apply(item).isBefore(bound);
            case "<=" -> item -> !actual.apply(item).isAfter(bound);
            case "=" -> item -> sameDay(actual.apply(item), bound);
            case "!=" -> item -> !sameDay(actual.apply(item), bound);
            default -> throw new CqlException("operator " + operator + " is not supported for dates");
        };
    }

    private static boolean sameDay(Instant a, Instant b) {
        return a.atZone(ZoneOffset.UTC).toLocalDate().equals(b.atZone(ZoneOffset.UTC).toLocalDate());
    }

    /** Every whitespace-separated term (a trailing {@code *} is a prefix wildcard) occurs, ignoring case. */
    private static boolean containsAllTerms(String haystack, String terms) {
        String lowerHaystack = lower(haystack);
        for (String term : lower(terms).split("\\s+")) {
            String bare = term.endsWith("*") ? term.substring(0, term.length() - 1) : term;
            if (!bare.isEmpty() && !lowerHaystack.contains(bare)) {
                return false;
            }
        }
        return true;
    }

    private static String single(List<CqlValue> values) {
        if (values.size() != 1) {
            throw new CqlException("expected a single value");
        }
        return literal(values.getFirst());
    }

    private static String literal(CqlValue value) {
        if (value.isFunction()) {
            throw new CqlException("unsupported function " + value.function());
        }
        return value.text();
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
