package dev.warden.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.warden.engine.IndexedJson;

/**
 * Reads a webhook body within its size limit and turns it into the JSON text of the rule's {@code event.body} (also
 * the runs' stored input): JSON of any shape as sent, form fields as an object (repeated fields become arrays), or
 * anything else as one string. JSON is only checked and indexed, not built: the text is all that is kept, and a run
 * parses what its rule reads of it.
 */
final class WebhookBodies {

    private WebhookBodies() {
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "TOO_LARGE", "the request body is larger than this webhook's limit of "
                + limit + " bytes (webhooks.maxBody)");
    }

    /** Reads at most {@code limit} bytes; 413 beyond, also for bodies without a Content-Length. */
    static byte[] read(InputStream in, long declaredLength, long limit) {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        try {
            if (declaredLength >= 0) {
                // A declared length is all the server passes on: read it into one array, no chunk, no copy.
                byte[] body = new byte[(int) declaredLength];
                int read = 0;
                for (int n; read < body.length && (n = in.read(body, read, body.length - read)) >= 0; ) {
                    read += n;
                }
                if (read < body.length) {
                    throw new ApiException(400, "INCOMPLETE_BODY", "the request body ended after " + read
                            + " of the " + declaredLength + " bytes its Content-Length declared");
                }
                return body;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            byte[] chunk = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(chunk)) != -1) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            ApiException unreadable = unreadable(e);
            throw unreadable != null ? unreadable : new UncheckedIOException("reading the request body failed", e);
        }
    }

    /**
     * What to answer for a request body that could not be read, found among the causes: 400 when it ended early
     * (the connection closed, a malformed chunk), 408 when it did not come in time, 415 for a charset Java does not
     * know; null for any other failure.
     */
    static ApiException unreadable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return new ApiException(400, "INCOMPLETE_BODY", "the request body ended before it was complete "
                        + "(the connection closed early, or a chunk was malformed)");
            }
            if (t instanceof RequestDeadlines.BodyTimeoutException) {
                return new ApiException(408, "BODY_TIMEOUT", t.getMessage());
            }
            if (t instanceof TimeoutException) {
                return new ApiException(408, "BODY_TIMEOUT", "the request body did not arrive in time");
            }
            if (t instanceof IllegalCharsetNameException || t instanceof UnsupportedCharsetException) {
                return new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "the body's charset is not one Warden knows ("
                        + t.getMessage() + "); send UTF-8");
            }
        }
        return null;
    }

    /** The body as checked JSON text, or null for an empty body. */
    static IndexedJson toJson(String contentType, byte[] raw) {
        if (raw.length == 0) {
            return null;
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        Charset charset = charset(type);
        boolean bom = charset == StandardCharsets.UTF_8 && raw.length >= 3 && (raw[0] & 0xFF) == 0xEF
                && (raw[1] & 0xFF) == 0xBB && (raw[2] & 0xFF) == 0xBF;
        String text = bom ? new String(raw, 3, raw.length - 3, charset) : new String(raw, charset);
        if (charset == StandardCharsets.UTF_8 && text.indexOf('\uFFFD') >= 0) {
            requireUtf8(raw);
        }
        // The raw bytes spare the JSON check a conversion only when they are the text's UTF-8 exactly.
        byte[] utf8 = charset == StandardCharsets.UTF_8 && !bom ? raw : null;
        if (type.startsWith("multipart/")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "multipart bodies are not accepted; send JSON, "
                    + "form fields (application/x-www-form-urlencoded) or text");
        }
        // curl -d '{...}' labels JSON as a form: a form body never starts with '{' or '['.
        boolean looksJson = !text.isBlank() && (text.strip().charAt(0) == '{' || text.strip().charAt(0) == '[');
        if (type.contains("json") || type.isEmpty() && looksJson
                || type.startsWith("application/x-www-form-urlencoded") && looksJson) {
            if (text.isBlank()) {
                return null;
            }
            return Json.validate(text, utf8);
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return Json.validate(form(text).toString());
        }
        return Json.validate(TextNode.valueOf(text).toString());
    }

    /** The body's charset from its Content-Type (UTF-8 when none is named); 415 for one Java does not know. */
    private static Charset charset(String type) {
        int at = type.indexOf("charset=");
        if (at < 0) {
            return StandardCharsets.UTF_8;
        }
        String name = type.substring(at + "charset=".length()).split("[;,\\s]", 2)[0].replace("\"", "");
        try {
            Charset named = Charset.forName(name);
            return named.equals(StandardCharsets.UTF_8) || named.equals(StandardCharsets.US_ASCII)
                    ? StandardCharsets.UTF_8 : named;
        } catch (IllegalArgumentException e) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "the body's charset '" + name + "' is not one "
                    + "Warden knows; send UTF-8");
        }
    }

    /** 400 naming the first byte that is not UTF-8, rather than storing the body with it replaced. */
    private static void requireUtf8(byte[] raw) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(raw.length), true);
        if (result.isError()) {
            throw new ApiException(400, "MALFORMED_BODY", "the body is not valid UTF-8 (byte " + (in.position() + 1)
                    + " of " + raw.length + "); send UTF-8, or name its charset in Content-Type");
        }
    }

    private static ObjectNode form(String text) {
        ObjectNode form = JsonNodeFactory.instance.objectNode();
        int start = 0;
        for (String pair : text.split("&")) {
            int at = start;
            start += pair.length() + 1;
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            int nameEnd = eq < 0 ? pair.length() : eq;
            String name = decodeFormPart(pair, 0, nameEnd, at, null);
            String value = eq < 0 ? "" : decodeFormPart(pair, eq + 1, pair.length(), at, name);
            JsonNode existing = form.get(name);
            if (existing == null) {
                form.put(name, value);
            } else if (existing instanceof ArrayNode array) {
                array.add(value);
            } else {
                form.putArray(name).add(existing).add(value);
            }
        }
        return form;
    }

    /** Decodes a field's name (field null) or value; a bad escape is a 400 naming the field and where it is. */
    private static String decodeFormPart(String pair, int from, int to, int pairStart, String field) {
        int bad = PercentEscapes.firstBad(pair, from, to);
        if (bad >= 0) {
            throw new ApiException(400, "MALFORMED_FORM", (field == null ? "a form field name" : "form field '"
                    + field + "'") + " has a bad percent-escape '" + PercentEscapes.shown(pair, bad, to)
                    + "' at character " + (pairStart + bad + 1) + " of the body: '%' must be followed by two hex "
                    + "digits (a literal '%' is sent as %25)");
        }
        return URLDecoder.decode(pair.substring(from, to), StandardCharsets.UTF_8);
    }
}
