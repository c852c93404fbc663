package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Cursor pagination as Confluence does it: an opaque {@code cursor}, a {@code limit}, and a next link that repeats the
 * request's query with the new cursor last. Links always start with {@code /wiki}, also behind the gateway.
 */
public final class Pagination {
    private Pagination() {}

    public static int limit(Context ctx, ApiFamily family, int defaultLimit, int maxLimit) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit < 1 || limit > maxLimit) {
                throw Errors.badRequest(family, "limit must be between 1 and " + maxLimit);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw Errors.badRequest(family, "limit must be a number");
        }
    }

    public static <T> Slice<T> slice(Context ctx, ApiFamily family, List<T> all, int limit) {
        int offset = offset(ctx.queryParam("cursor"), family);
        int from = Math.min(offset, all.size());
        int to = Math.min(from + limit, all.size());
        String next = to < all.size() ? encode(to) : null;
        return new Slice<>(new ArrayList<>(all.subList(from, to)), next);
    }

    /** The request's own path and query, under {@code /wiki}, with {@code cursor} replaced. */
    public static String nextLink(Context ctx, String cursor) {
        StringBuilder link = new StringBuilder(ApiFamily.sitePath(ctx.path())).append('?');
        String query = ctx.queryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty() && !pair.equals("cursor") && !pair.startsWith("cursor=")) {
                    link.append(pair).append('&');
                }
            }
        }
        return link.append("cursor=").append(cursor).toString();
    }

    /** Adds v2's {@code _links} block and the matching {@code Link} header; both omit next on the last page. */
    public static void v2Links(Context ctx, ObjectNode body, Slice<?> slice) {
        ObjectNode links = body.putObject("_links");
        if (slice.next() != null) {
            String next = nextLink(ctx, slice.next());
            links.put("next", next);
            ctx.header("Link", "<" + next + ">; rel=\"next\"");
        }
        links.put("base", Links.base(ctx));
    }

    private static int offset(String cursor, ApiFamily family) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith("offset:")) {
                throw new IllegalArgumentException(decoded);
            }
            int offset = Integer.parseInt(decoded.substring("offset:".length()));
            if (offset < 0) {
                throw new IllegalArgumentException(decoded);
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw Errors.badRequest(family, "Invalid cursor");
        }
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** One page of results and the cursor of the next, or null on the last. */
    public record Slice<T>(List<T> items, String next) {}
}
