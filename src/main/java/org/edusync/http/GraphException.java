package org.edusync.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error that leaves the API in the Graph error envelope. Handlers throw it and stay on the happy path;
 * {@link GraphErrors} renders it once for every route.
 */
public final class GraphException extends RuntimeException {
    private final int status;
    private final String code;
    private final ObjectNode extra;

    public GraphException(int status, String code, String message) {
        this(status, code, message, (ObjectNode) null);
    }

    /** {@code extra} holds properties sent beside {@code error}, such as {@code start}'s {@code value}. */
    public GraphException(int status, String code, String message, ObjectNode extra) {
        super(message);
        this.status = status;
        this.code = code;
        this.extra = extra;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    ObjectNode extra() {
        return extra;
    }

    public static GraphException badRequest(String message) {
        return new GraphException(400, "BadRequest", message);
    }

    public static GraphException badRequestWith(String message, ObjectNode extra) {
        return new GraphException(400, "BadRequest", message, extra);
    }

    public static GraphException unauthenticated(String message) {
        return new GraphException(401, "InvalidAuthenticationToken", message);
    }

    public static GraphException forbidden(String message) {
        return new GraphException(403, "accessDenied", message);
    }

    public static GraphException notFound(String message) {
        return new GraphException(404, "ResourceNotFound", message);
    }

    public static GraphException conflict(String message) {
        return new GraphException(409, "Conflict", message);
    }
}
