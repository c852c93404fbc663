package dev.warden.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The error bodies of the API facts page, byte for byte, and builders for the v1 and v2 error shapes.
 */
public final class ErrorBodies {
    /** v1, caller without a usable credential or without Confluence product access. */
    public static final String V1_CANNOT_ACCESS = "{\"statusCode\":403,\"message\":\"com.atlassian.confluence.mvc.rest"
            + ".common.exception.StacklessResponseStatusException: 403 FORBIDDEN \\\"Request rejected because caller"
            + " cannot access Confluence\\\"\"}";

    /** v2, the same callers, and anything missing or not visible. */
    public static final String V2_NOT_FOUND =
            "{\"errors\":[{\"status\":404,\"code\":\"NOT_FOUND\",\"title\":\"Not Found\",\"detail\":null}]}";

    public static final String SCOPE_MISMATCH = "{\"code\":401,\"message\":\"Unauthorized; scope does not match\"}";

    public static final String IP_REJECTED = "{\"errorMessages\":[\"The IP address has been rejected because it is"
            + " not on the allowed list...\"],\"errors\":{}}";

    /** What the site URL answers to a scoped token: a page for browsers, not JSON. */
    public static final String HTML_UNAUTHORIZED = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Unauthorized (401)</title></head>
            <body>
            <h1>Unauthorized (401)</h1>
            <p>You are not authorized to access this page. Log in and try again.</p>
            </body>
            </html>
            """;

    private ErrorBodies() {}

    public static String v2(int status, String code, String title) {
        ObjectNode error = Json.object();
        error.put("status", status).put("code", code).put("title", title).putNull("detail");
        ObjectNode body = Json.object();
        body.putArray("errors").add(error);
        return Json.write(body);
    }

    public static String v1(int status, String message) {
        ObjectNode body = Json.object();
        body.put("statusCode", status).put("message", message);
        return Json.write(body);
    }

    /** The v1 shape Confluence uses for service exceptions, with its {@code data} block. */
    public static String v1WithData(int status, String message, boolean authorized, boolean valid) {
        ObjectNode body = Json.object();
        body.put("statusCode", status);
        ObjectNode data = body.putObject("data");
        data.put("authorized", authorized).put("valid", valid).putArray("errors");
        data.put("successful", false);
        body.put("message", message);
        return Json.write(body);
    }

    /** The Compliance for Confluence shape: one message naming the cause. */
    public static String compliance(String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        return Json.write(body);
    }
}
