package dev.momentum.support.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of the servlet container ({@code /error}) as a problem: what the container or a filter refused
 * before Spring MVC saw the request (Spring Security's firewall: an encoded {@code /}, an empty path segment,
 * {@code ..}; a filter's {@code sendError}) gets the {@link ProblemType} of its status, instead of Boot's
 * {@code {timestamp, error, path}} JSON. It replaces Boot's {@code BasicErrorController}.
 */
@Hidden
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // called directly, not as the error page of a refused request: there is no such resource
        HttpStatus status = code == null ? HttpStatus.NOT_FOUND : status(code);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status.is5xxServerError() && failure instanceof Throwable t) {
            log.error("unexpected error outside Spring MVC on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), t);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(status, String.valueOf(request.getAttribute(RequestDispatcher.ERROR_MESSAGE))));
    }

    /** The problem of a status the container answered, with its message when it gave one. */
    static ProblemDetail problem(HttpStatus status, String message) {
        ProblemType type = ProblemType.forStatus(status);
        ProblemDetail problem = type.problem(type == ProblemType.INTERNAL_ERROR ? ProblemHandler.INTERNAL_ERROR_DETAIL
                : message == null || message.isBlank() || message.equals("null")
                ? "The request was refused (" + status.value() + " " + status.getReasonPhrase()
                  + ") before it reached the API: its URL, headers or encoding are malformed"
                : message);
        problem.setStatus(status.value());
        return problem;
    }

    static HttpStatus status(Object code) {
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || status.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
