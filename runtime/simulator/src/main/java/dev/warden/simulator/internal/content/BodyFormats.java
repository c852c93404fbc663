package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.ApiFamily;
import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.Json;
import java.util.Set;

/**
 * Renders a stored storage-format body in the requested {@code body-format}. The simulator stores storage only;
 * other formats are derived from it (ADF as one paragraph of the text), which is enough for clients to parse.
 */
public final class BodyFormats {
    private static final Set<String> KNOWN =
            Set.of("storage", "atlas_doc_format", "view", "export_view", "anonymous_export_view", "styled_view");

    private BodyFormats() {}

    static String validate(String format) {
        if (format != null && !KNOWN.contains(format)) {
            throw Errors.badRequest(ApiFamily.V2, "Invalid body-format: " + format);
        }
        return format;
    }

    static void render(ObjectNode body, String format, String storage) {
        if (format == null) {
            return;
        }
        String value = format.equals("atlas_doc_format") ? adf(storage) : storage;
        body.putObject(format).put("representation", format).put("value", value);
    }

    /** The text of a storage-format body without its markup, for excerpts and ADF. */
    public static String plainText(String storage) {
        return storage.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    }

    private static String adf(String storage) {
        ObjectNode doc = Json.object().put("type", "doc").put("version", 1);
        ObjectNode paragraph = doc.putArray("content").addObject().put("type", "paragraph");
        paragraph.putArray("content").addObject().put("type", "text").put("text", plainText(storage));
        return Json.write(doc);
    }
}
