package dev.momentum.support.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The kinds of error every service answers, each with a stable {@code type} URI (RFC 9457) so that
 * a program can tell them apart without reading the English {@code detail}. The URIs are
 * identifiers, part of the public API: never change one, add a new kind instead. The README's
 * table lists them.
 */
public enum ProblemType {

    /** 400: a field is missing or not acceptable; {@code errors: [{field, message}]} names them. */
    VALIDATION("validation", HttpStatus.BAD_REQUEST, "Invalid request"),
    /** 400: the body is not JSON, or a value cannot be read as its type. */
    UNREADABLE_BODY("unreadable-body", HttpStatus.BAD_REQUEST, "Unreadable request body"),
    /** 401: no bearer token, or one that was rejected. */
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    /** 403: the token lacks the scope named in {@code requiredScope}. */
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    /** 404: no such resource for the caller's tenant. */
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    /** 405: the resource does not answer this method. */
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    /** 406: none of the accepted media types can be produced. */
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    /**
     * 409: the resource's current state does not allow the request (a lifecycle step on a closed
     * commitment or deal, business time going back, another body under an id in use);
     * {@code currentStatus} names the state when there is one.
     */
    CONFLICT("conflict", HttpStatus.CONFLICT, "Not allowed in the current state"),
    /** 409: the request lost a race with a concurrent change and changed nothing; repeat it. */
    CONCURRENT_CHANGE("concurrent-change", HttpStatus.CONFLICT, "Concurrent change"),
    /** 409: the same {@code Idempotency-Key} is being answered by another request right now; {@code Retry-After}. */
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "Idempotency key in use"),
    /** 413: the request body is larger than the service accepts. */
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large"),
    /** 415: the body's media type is not one the operation reads. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    /** 422: an {@code Idempotency-Key} already used for a different request (method, path or body). */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency key reused"),
    /** 500: a fault of the service; nothing was changed unless a later read shows it. */
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    /** 503: a store or broker the service needs is unavailable; {@code Retry-After} says when to try again. */
    DEPENDENCY_UNAVAILABLE("dependency-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

    /** Where the types live; the documentation of each is {@code BASE + slug}. */
    public static final String BASE = "https://momentum.dev/problems/";

    private final URI uri;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** A problem of this kind with its status, type and default title. */
    public ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri);
        problem.setTitle(title);
        return problem;
    }

    /**
     * The kind for a status answered by Spring itself (405, 406, 415, a missing parameter...), so
     * that no problem goes out as {@code about:blank}.
     */
    public static ProblemType forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> VALIDATION;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> DEPENDENCY_UNAVAILABLE;
            default -> status.is4xxClientError() ? VALIDATION : INTERNAL_ERROR;
        };
    }
}
