package dev.momentum.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An API answered with an error: its problem+json (RFC 9457) as typed members. {@link #type()} tells the kinds of
 * error apart ({@code https://momentum.dev/problems/conflict}, ...: the README's table), never the English
 * {@link #detail()}.
 */
public final class ProblemException extends MomentumClientException {

    /** The {@code type} of a problem the service did not type (or a body that was no problem+json). */
    public static final URI UNTYPED = URI.create("about:blank");

    /** A field the service named as wrong, and why. */
    public record FieldError(String field, String message) {
    }

    private final String request;
    private final URI type;
    private final int status;
    private final String title;
    private final String detail;
    private final String currentStatus;
    private final String requiredScope;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    ProblemException(String request, URI type, int status, String title, String detail, String currentStatus,
                     String requiredScope, List<FieldError> errors, Duration retryAfter) {
        super(request + " answered " + status + (type.equals(UNTYPED) ? "" : " (" + type + ")") + ": " + detail, null);
        this.request = request;
        this.type = type;
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.currentStatus = currentStatus;
        this.requiredScope = requiredScope;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    /** Reads an error answer; a body that is not problem+json becomes the {@code detail} as it came. */
    static ProblemException read(String request, int status, byte[] body, Duration retryAfter, ObjectMapper json) {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode problem;
        try {
            problem = text.isBlank() ? null : json.readTree(text);
        } catch (IOException notJson) {
            problem = null;
        }
        if (problem == null || !problem.isObject()) {
            return new ProblemException(request, UNTYPED, status, null, text, null, null, List.of(), retryAfter);
        }
        List<FieldError> errors = new ArrayList<>();
        problem.path("errors").forEach(e -> errors.add(new FieldError(text(e, "field"), text(e, "message"))));
        return new ProblemException(request, URI.create(problem.path("type").asText(UNTYPED.toString())), status,
                text(problem, "title"), problem.hasNonNull("detail") ? problem.get("detail").asText() : text,
                text(problem, "currentStatus"), text(problem, "requiredScope"), errors, retryAfter);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** {@code METHOD url} of the call. */
    public String request() {
        return request;
    }

    /** The kind of error; {@link #UNTYPED} when the answer had none. */
    public URI type() {
        return type;
    }

    /** Whether this is the problem type {@code https://momentum.dev/problems/SLUG}. */
    public boolean is(String slug) {
        return type.toString().equals("https://momentum.dev/problems/" + slug);
    }

    @Override
    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** A 409's state of the resource (e.g. KEPT, CLOSED), when it has one. */
    public Optional<String> currentStatus() {
        return Optional.ofNullable(currentStatus);
    }

    /** A 403's missing scope. */
    public Optional<String> requiredScope() {
        return Optional.ofNullable(requiredScope);
    }

    /** A 400's wrong fields; empty for other problems. */
    public List<FieldError> errors() {
        return errors;
    }

    /** The answer's {@code Retry-After}, when it had one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
