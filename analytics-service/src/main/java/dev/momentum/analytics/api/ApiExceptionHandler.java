package dev.momentum.analytics.api;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import dev.momentum.support.web.ProblemHandler;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

@RestControllerAdvice
public class ApiExceptionHandler extends ProblemHandler {

    /** Seconds a client should wait before asking again while Elasticsearch is unavailable. */
    static final int RETRY_AFTER_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalid(e.getName(), "'" + e.getValue() + "' is not a valid value" + (e.getRequiredType() == null ? ""
                : " (" + e.getRequiredType().getSimpleName() + (e.getRequiredType().getSimpleName().equals("Instant")
                ? ", e.g. 2025-03-01T00:00:00Z" : "") + ")"));
    }

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
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                    "Internal error", "The request could not be completed; see the service log."));
        }
        log.warn("Elasticsearch unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                        "The analytics store (Elasticsearch) is not available; try again in " + RETRY_AFTER_SECONDS
                                + " seconds. Nothing is lost: events are projected once it is back."));
    }
}
