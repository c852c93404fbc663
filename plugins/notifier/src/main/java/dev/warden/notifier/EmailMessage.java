package dev.warden.notifier;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Writes a plain-text UTF-8 message (RFC 5322, MIME) with CRLF line ends and a base64 body. */
final class EmailMessage {

    /** The longest subject in characters: room for a page title (255) within a header line's 998 (RFC 5322). */
    static final int MAX_SUBJECT = 500;

    private EmailMessage() {
    }

    /** @throws IllegalArgumentException when an address holds a line break (callers check addresses first) */
    static String render(String from, List<String> to, String subject, String text, ZonedDateTime date) {
        for (String address : concat(from, to)) {
            if (address.indexOf('\r') >= 0 || address.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("refused to write a header holding a line break");
            }
        }
        String domain = from.contains("@") ? from.substring(from.indexOf('@') + 1) : "warden.local";
        StringBuilder out = new StringBuilder();
        out.append("From: ").append(from).append("\r\n");
        out.append("To: ").append(String.join(", ", to)).append("\r\n");
        out.append("Subject: ").append(header(subject)).append("\r\n");
        out.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(date.withZoneSameInstant(
                ZoneOffset.UTC))).append("\r\n");
        out.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(domain).append(">\r\n");
        out.append("MIME-Version: 1.0\r\n");
        out.append("Content-Type: text/plain; charset=UTF-8\r\n");
        out.append("Content-Transfer-Encoding: base64\r\n\r\n");
        String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        out.append(body);
        return out.toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest);
        all.add(first);
        return all;
    }

    /**
     * The subject as it is when plain ASCII, else as RFC 2047 encoded words of at most 75 characters each on folded
     * lines (RFC 2047 section 2); line breaks never reach a header.
     */
    private static String header(String value) {
        String flat = value.replaceAll("[\\r\\n]+", " ");
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(flat)) {
            return flat;
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        while (start < flat.length()) {
            // 45 bytes of UTF-8 are 60 base64 characters: with "=?UTF-8?B?" and "?=", a word of 72.
            int end = start;
            int bytes = 0;
            while (end < flat.length()) {
                int codePoint = flat.codePointAt(end);
                int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
                if (bytes + size > 45) {
                    break;
                }
                bytes += size;
                end += Character.charCount(codePoint);
            }
            out.append(out.isEmpty() ? "" : "\r\n ").append("=?UTF-8?B?").append(Base64.getEncoder()
                    .encodeToString(flat.substring(start, end).getBytes(StandardCharsets.UTF_8))).append("?=");
            start = end;
        }
        return out.toString();
    }
}
