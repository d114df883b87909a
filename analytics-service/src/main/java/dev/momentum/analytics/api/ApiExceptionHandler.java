package dev.momentum.analytics.api;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.momentum.support.web.DependencyUnavailable;
import dev.momentum.support.web.ProblemHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.elasticsearch.UncategorizedElasticsearchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * {@link ProblemHandler}'s problems, with a readable message for a query parameter that cannot be
 * converted (a binding failure of a parameter object) instead of Spring's conversion message, and
 * Elasticsearch's own signs of being unavailable recognised as 503.
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

    /** What a client is told while Elasticsearch is unavailable. */
    static final String ELASTICSEARCH_UNAVAILABLE = "The analytics store (Elasticsearch) is not available; try again in "
            + DependencyUnavailable.RETRY_AFTER_SECONDS + " seconds. Nothing is lost: events are projected once it is back.";

    /**
     * Elasticsearch unreachable (I/O errors, connection refused, timeouts) or overloaded (429, 5xx), whichever
     * query path met it and however it was wrapped: 503 with {@code Retry-After}, as the figures will answer
     * again once it is back. {@code /actuator/health} tells which dependency is down. Any other refusal by
     * Elasticsearch (a 4xx: a query it cannot run) stays a 500: a bug to fix, not a client's to retry.
     */
    @Override
    protected String unavailableDependency(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof ElasticsearchException es) {
                return es.status() == 429 || es.status() >= 500 ? ELASTICSEARCH_UNAVAILABLE : null;
            }
            if (t instanceof UncategorizedElasticsearchException es && es.getStatusCode() != null) {
                return es.getStatusCode() == 429 || es.getStatusCode() >= 500 ? ELASTICSEARCH_UNAVAILABLE : null;
            }
            // the client's own transport failures are IOExceptions (a JSON body it cannot read is not one of them)
            if (t instanceof IOException && !(t instanceof JsonProcessingException)) {
                return ELASTICSEARCH_UNAVAILABLE;
            }
            if (t instanceof TransientDataAccessException && !(t instanceof ConcurrencyFailureException)) {
                return ELASTICSEARCH_UNAVAILABLE;
            }
        }
        return DependencyUnavailable.isUnavailable(e) ? ELASTICSEARCH_UNAVAILABLE : null;
    }
}
