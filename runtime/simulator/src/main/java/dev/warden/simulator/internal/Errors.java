package dev.warden.simulator.internal;

/** Family-aware shortcuts for the errors handlers throw most. */
public final class Errors {
    private Errors() {}

    /** The failure-matrix answer for an unusable credential: 403 on v1, 404 on v2. */
    public static ApiError cannotAccess(ApiFamily family) {
        return family == ApiFamily.V1
                ? ApiError.json(403, ErrorBodies.V1_CANNOT_ACCESS)
                : ApiError.json(404, ErrorBodies.V2_NOT_FOUND);
    }

    public static ApiError contentNotFound(ApiFamily family, String id) {
        if (family == ApiFamily.V1) {
            return ApiError.json(404, ErrorBodies.v1WithData(404,
                    "com.atlassian.confluence.api.service.exceptions.NotFoundException: No content found with id: "
                            + "ContentId{id=" + id + "}", false, true));
        }
        return ApiError.json(404, ErrorBodies.V2_NOT_FOUND);
    }

    /** A path the simulator does not serve; v1 answers like Jersey does on a live site. */
    public static ApiError unknownPath(ApiFamily family, String uri) {
        if (family == ApiFamily.V1) {
            return ApiError.json(404, ErrorBodies.v1(404, "null for uri: " + uri));
        }
        return notFound(family);
    }

    public static ApiError notFound(ApiFamily family) {
        if (family == ApiFamily.V1) {
            return ApiError.json(404, ErrorBodies.v1(404, "Not Found"));
        }
        if (family == ApiFamily.V2) {
            return ApiError.json(404, ErrorBodies.V2_NOT_FOUND);
        }
        if (family == ApiFamily.COMPLIANCE) {
            return ApiError.json(404, ErrorBodies.compliance("Not found"));
        }
        return new ApiError(404, "text/plain", "Not Found");
    }

    public static ApiError badRequest(ApiFamily family, String message) {
        if (family == ApiFamily.V1) {
            return ApiError.json(400, ErrorBodies.v1WithData(400,
                    "com.atlassian.confluence.api.service.exceptions.BadRequestException: " + message, true, false));
        }
        if (family == ApiFamily.V2) {
            return ApiError.json(400, ErrorBodies.v2(400, "INVALID_REQUEST_PARAMETER", message));
        }
        return ApiError.json(400, ErrorBodies.compliance(message));
    }

    public static ApiError forbidden(ApiFamily family, String message) {
        if (family == ApiFamily.V1) {
            return ApiError.json(403, ErrorBodies.v1WithData(403,
                    "com.atlassian.confluence.api.service.exceptions.PermissionException: " + message, false, true));
        }
        return ApiError.json(403, ErrorBodies.v2(403, "PERMISSION_DENIED", message));
    }
}
