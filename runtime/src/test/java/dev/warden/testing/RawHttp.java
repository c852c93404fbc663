package dev.warden.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One HTTP/1.0 request over a plain socket, its target sent as written: for URIs that java.net.URI refuses (a bad
 * percent-escape), which HttpClient therefore cannot send.
 */
public final class RawHttp {

    /** The answer: its status, Content-Type (or null) and body. */
    public record Response(int status, String contentType, String body) {

        public JsonNode json() {
            try {
                return TestWarden.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private RawHttp() {
    }

    /**
     * POSTs a body shorter than the {@code Content-Length} it declares: sends {@code part}, then ends the request
     * there ({@code endEarly}: the client closes its side) or stalls until Warden answers. Status 0 if Warden closed
     * the connection without an answer.
     */
    public static Response sendShort(int port, String target, long declaredLength, String part, boolean endEarly,
                                     String... headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder request = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nContent-Length: " + declaredLength + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").append(part).toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (endEarly) {
                socket.shutdownOutput();
            }
            return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code method target} with the headers (name, value, ...) and the body, if any. */
    public static Response send(int port, String method, String target, String body, String... headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response parse(String answer) {
        if (answer.isEmpty()) {
            return new Response(0, null, "");
        }
        int headEnd = answer.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
        String contentType = null;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            }
        }
        return new Response(Integer.parseInt(head.split(" ")[1]), contentType,
                headEnd < 0 ? "" : answer.substring(headEnd + 4));
    }
}
