package dev.momentum.analytics.api;

import dev.momentum.support.web.ProblemHandler;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

@RestControllerAdvice
public class ApiExceptionHandler extends ProblemHandler {

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalid(e.getName(), "'" + e.getValue() + "' is not a valid value" + (e.getRequiredType() == null ? ""
                : " (" + e.getRequiredType().getSimpleName() + (e.getRequiredType().getSimpleName().equals("Instant")
                ? ", e.g. 2025-03-01T00:00:00Z" : "") + ")"));
    }

}
