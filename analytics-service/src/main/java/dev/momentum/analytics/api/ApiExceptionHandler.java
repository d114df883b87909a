package dev.momentum.analytics.api;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import dev.momentum.support.web.ProblemHandler;
import dev.momentum.support.web.ProblemType;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * {@link ProblemHandler}'s problems, with a readable message for a query parameter that cannot be
 * converted (a binding failure of a parameter object) instead of Spring's conversion message.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ProblemHandler {

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (e.getBindingResult().getFieldErrors().stream().noneMatch(FieldError::isBindingFailure)) {
            return super.handleMethodArgumentNotValid(e, headers, status, request);
        }
        return ResponseEntity.badRequest().body(invalid(e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message",
                        f.isBindingFailure() ? notAValidValue(f) : String.valueOf(f.getDefaultMessage())))
                .toList()));
    }

    /** "'x' is not one of A, B" for an enum, else "'x' is not a valid value (Type[, e.g. ...])". */
    private static String notAValidValue(FieldError error) {
        Object value = error.getRejectedValue();
        Class<?> type = null;
        if (error.contains(TypeMismatchException.class)) {
            type = error.unwrap(TypeMismatchException.class).getRequiredType();
            for (Throwable t = error.unwrap(TypeMismatchException.class); t != null; t = t.getCause()) {
                if (t instanceof ConversionFailedException failed) { // the innermost: an element of a list
                    value = failed.getValue();
                    type = failed.getTargetType().getObjectType();
                }
            }
        }
        String shown = "'" + (value instanceof Object[] values ? String.join(",", Arrays.stream(values)
                .map(String::valueOf).toList()) : value) + "'";
        if (type != null && type.isEnum()) {
            return shown + " is not one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        return shown + " is not a valid value" + (type == null ? "" : " (" + type.getSimpleName()
                + (type == Instant.class ? ", e.g. 2025-03-01T00:00:00Z" : "") + ")");
    }

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /**
     * Elasticsearch unreachable (I/O errors, connection refused, timeouts) or overloaded (429, 5xx): 503 with
     * {@code Retry-After}, as the figures will answer again once it is back. {@code /actuator/health} tells
     * which dependency is down.
     */
    @ExceptionHandler({UncheckedIOException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, ElasticsearchException.class})
    ResponseEntity<ProblemDetail> elasticsearchUnavailable(RuntimeException e) {
        if (e instanceof ElasticsearchException es && es.status() != 429 && es.status() < 500) {
            log.error("unexpected error", e);
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem(ProblemType.INTERNAL_ERROR,
                    "The request could not be completed; see the service log."));
        }
        log.warn("Elasticsearch unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(problem(ProblemType.DEPENDENCY_UNAVAILABLE,
                        "The analytics store (Elasticsearch) is not available; try again in " + RETRY_AFTER_SECONDS
                                + " seconds. Nothing is lost: events are projected once it is back."));
    }
}
