package org.edusync.upload;

/** A failure the blob endpoint answers in Azure's form: status, {@code x-ms-error-code} and an XML body. */
final class BlobError extends RuntimeException {
    private final int status;
    private final String code;

    BlobError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static BlobError authenticationFailed(String detail) {
        return new BlobError(403, "AuthenticationFailed",
                "Server failed to authenticate the request: " + detail + ". Ask uploadUrl for a new URL.");
    }

    static BlobError badRequest(String code, String message) {
        return new BlobError(400, code, message);
    }

    static BlobError invalidHeader(String header, String value, String why) {
        return new BlobError(400, "InvalidHeaderValue",
                "The value '" + value + "' of the HTTP header " + header + " is not valid: " + why + ".");
    }

    static BlobError tooLarge(String message) {
        return new BlobError(413, "RequestBodyTooLarge", message);
    }
}
