package dev.warden.confluence;

import java.util.List;
import java.util.Map;

import dev.warden.plugin.RuleArguments;

/**
 * A {@code confluence.*} call's arguments and options: the plugin API's {@link RuleArguments} (which the shipped
 * plugins share), with the list bounds of Confluence's paged calls.
 */
final class Arguments extends RuleArguments {

    static final int MAX_ITEMS = 10_000;
    static final int MAX_PAGE_SIZE = 250;

    Arguments(String function, List<Object> values) {
        super("confluence." + function, values);
    }

    /** How many items a list returns at most ({@code max}: 1 to 10,000). */
    int max(Map<String, Object> options, int fallback) {
        return whole(options, "max", 1, MAX_ITEMS, fallback);
    }

    /** Items per request while paging ({@code pageSize}: 1 to 250), 250 unless the rule asks for fewer. */
    int pageSize(Map<String, Object> options) {
        return whole(options, "pageSize", 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    }
}
