package dev.warden.http;

import java.nio.ByteBuffer;
import java.util.Locale;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Answers the errors Jetty answers itself, before any route runs (a bad percent-escape in the path, a malformed
 * request), in Warden's one error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status, badEscape(cause)
                ? "the path has a bad percent-escape: '%' must be followed by two hex digits (a literal '%' is sent "
                + "as %25)" : message)), callback);
    }

    /** Errors found while parsing the request, before there is a request to answer. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Jetty decodes the path before routing; a bad escape surfaces as a NumberFormatException among the causes. */
    private static boolean badEscape(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            // Raised while decoding the URI (a bad Content-Length raises a NumberFormatException too).
            if (t instanceof NumberFormatException && java.util.Arrays.stream(t.getStackTrace())
                    .anyMatch(f -> f.getClassName().contains("URIUtil") || f.getClassName().contains("HttpURI")
                            || f.getMethodName().contains("decode"))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] body(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        String code = status == 413 ? "TOO_LARGE" : reason.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        String detail = message == null || message.isBlank() || message.equals(reason) ? "" : ": " + message;
        try {
            return Json.MAPPER.writeValueAsBytes(Json.error(code, "the server refused the request before any route "
                    + "saw it (" + status + " " + reason + ")" + detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
