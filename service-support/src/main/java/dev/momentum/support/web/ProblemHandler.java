package dev.momentum.support.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem+json with a {@code detail} that says what went wrong and, for
 * bad input, {@code errors: [{field, message}]}. A write that lost a race with a concurrent write
 * ({@link ConcurrentChanges}) is 409; one that could not reach a dependency ({@link DependencyUnavailable}:
 * the database or Elasticsearch down) is 503 with {@code Retry-After}. Every problem has the {@code type} of
 * its kind ({@link ProblemType}). A service extends it with a {@code @RestControllerAdvice} that maps its own
 * domain exceptions.
 */
public abstract class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(ProblemType.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        return invalid(e.field(), e.getMessage());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        return invalid(e.getConstraintViolations().stream()
                .map(v -> fieldError(field(v.getPropertyPath()), v.getMessage())).toList());
    }

    /** A path without the controller method's name: {@code owner}, not {@code list.owner}. */
    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex()
                        : node.getKey() != null ? node.getKey() : "").append(']');
            }
            String name = node.getKind() == ElementKind.CROSS_PARAMETER ? "parameters" : node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(name);
            }
        }
        return field.isEmpty() ? path.toString() : field.toString();
    }

    /** What a client is told of a fault of the service. */
    static final String INTERNAL_ERROR_DETAIL =
            "The request could not be completed; nothing was changed unless a later read shows it. See the service log.";

    /** Seconds a client should wait before repeating a request that met an unavailable dependency. */
    protected static final int RETRY_AFTER_SECONDS = DependencyUnavailable.RETRY_AFTER_SECONDS;

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (ConcurrentChanges.isConflict(e)) {
            log.info("a request lost a race with a concurrent change: {}", e.toString());
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(ProblemType.CONCURRENT_CHANGE, ConcurrentChanges.DETAIL));
        }
        String unavailable = unavailableDependency(e);
        if (unavailable != null) {
            return unavailable(e, unavailable);
        }
        log.error("unexpected error", e);
        return ResponseEntity.internalServerError().body(problem(ProblemType.INTERNAL_ERROR, INTERNAL_ERROR_DETAIL));
    }

    /**
     * What a client is told when the failure, or one of its causes (however a library wrapped it), says that a
     * dependency could not be reached; null when it says nothing of the kind. A service that knows its own
     * dependencies' failures (Elasticsearch's client) adds them.
     */
    protected String unavailableDependency(Throwable e) {
        return DependencyUnavailable.isUnavailable(e) ? DependencyUnavailable.DETAIL : null;
    }

    /**
     * 503 with {@code Retry-After}: a dependency is down (a warning, not an error: health shows which one,
     * and the same request succeeds once it is back).
     */
    protected static ResponseEntity<ProblemDetail> unavailable(Throwable e, String detail) {
        log.warn("a dependency is unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(problem(ProblemType.DEPENDENCY_UNAVAILABLE, detail));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(e.getBindingResult().getFieldErrors().stream()
                .map(f -> fieldError(f.getField(), String.valueOf(f.getDefaultMessage()))).toList()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // a @Valid body's errors name its fields (as MethodArgumentNotValidException's do), a parameter's its name
        return ResponseEntity.badRequest().body(invalid(e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> fieldError(
                        r instanceof ParameterErrors && err instanceof FieldError field ? field.getField()
                                : String.valueOf(r.getMethodParameter().getParameterName()),
                        String.valueOf(err.getDefaultMessage()))))
                .toList()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimit.TooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(RequestSizeLimit.problem(tooLarge.maxBytes, -1));
            }
        }
        Throwable cause = e.getMostSpecificCause();
        // the value of a field that Jackson could not turn into its type (a year past 9999 for a
        // date, epoch seconds beyond any instant, ...): name the field, whatever the root cause
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                cause = mapping;
                break;
            }
        }
        ProblemDetail problem = problem(ProblemType.UNREADABLE_BODY, readableMessage(cause));
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem.setProperty("errors", List.of(fieldError(path(mapping), readableMessage(cause))));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** What a client needs to fix in a JSON body, without Jackson's internals. */
    public static String readableMessage(Throwable e) {
        if (e instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()) {
            return path(format) + ": '" + format.getValue() + "' is not one of "
                    + Arrays.stream(format.getTargetType().getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            Throwable root = mapping.getCause() != null ? mapping.getCause() : mapping;
            String message = root instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : root.getMessage();
            return path(mapping) + ": " + message;
        }
        if (e instanceof JsonProcessingException json) {
            return "malformed JSON: " + json.getOriginalMessage();
        }
        return e.getMessage() == null ? "request body is missing or unreadable" : e.getMessage();
    }

    /** 400 naming one field. */
    protected static ProblemDetail invalid(String field, String message) {
        return invalid(List.of(fieldError(field, message)));
    }

    /** 400 listing field errors, sorted by field. */
    protected static ProblemDetail invalid(List<Map<String, String>> errors) {
        List<Map<String, String>> sorted = errors.stream()
                .sorted(Comparator.comparing((Map<String, String> err) -> err.get("field"))).toList();
        ProblemDetail problem = problem(ProblemType.VALIDATION, sorted.stream()
                .map(err -> err.get("field") + ": " + err.get("message")).collect(Collectors.joining("; ")));
        problem.setProperty("errors", sorted);
        return problem;
    }

    protected static ProblemDetail problem(ProblemType type, String detail) {
        return type.problem(detail);
    }

    /**
     * 409: the resource's state does not allow the request. {@code currentStatus} (when not null)
     * lets a client tell "already done" from "closed another way" without parsing the detail.
     */
    protected static ProblemDetail conflict(String title, String detail, Object currentStatus) {
        ProblemDetail problem = problem(ProblemType.CONFLICT, detail);
        problem.setTitle(title);
        if (currentStatus != null) {
            problem.setProperty("currentStatus", String.valueOf(currentStatus));
        }
        return problem;
    }

    /**
     * The problems Spring MVC builds itself (405, 406, 415, a missing parameter...) get the type of
     * their status too: no problem goes out as {@code about:blank}.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof org.springframework.web.ErrorResponse error) {
            // Spring passes null for its own errors (415, 405, ...) and builds the body later, as about:blank
            body = error.updateAndGetBody(getMessageSource(), org.springframework.context.i18n.LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && (problem.getType() == null
                || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemType.forStatus(status).uri());
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
