package dev.warden.simulator.internal.content;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** The {@code _links} values Confluence returns; all but {@code base} are relative to {@code base}. */
public final class Links {
    private Links() {}

    /** The site's {@code /wiki} URL as the caller reached it. */
    public static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host() + "/wiki";
    }

    public static String webui(Space space, Page page) {
        return "/spaces/" + space.key() + "/pages/" + page.id() + "/"
                + URLEncoder.encode(page.title(), StandardCharsets.UTF_8);
    }

    public static String editui(Page page) {
        return "/pages/resumedraft.action?draftId=" + page.id();
    }

    /** Confluence's short link: the id's little-endian bytes, trailing zeros dropped, base64url. */
    public static String tinyui(Page page) {
        byte[] bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(page.numericId()).array();
        int length = bytes.length;
        while (length > 1 && bytes[length - 1] == 0) {
            length--;
        }
        byte[] trimmed = Arrays.copyOf(bytes, length);
        return "/x/" + Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
    }
}
