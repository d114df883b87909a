package dev.momentum.commitment.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.momentum.commitment.domain.CommitmentRuleViolation;
import dev.momentum.commitment.domain.InvalidCommitmentException;
import jakarta.validation.ConstraintViolationException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.modelling.command.AggregateNotFoundException;
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
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem+json with a {@code detail} that says what went wrong and, for
 * bad input, {@code errors: [{field, message}]}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({CommitmentNotFoundException.class, AggregateNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        String detail = e instanceof CommitmentNotFoundException ? e.getMessage() : "commitment does not exist";
        return problem(HttpStatus.NOT_FOUND, "Commitment not found", detail);
    }

    @ExceptionHandler(CommitmentRuleViolation.class)
    ProblemDetail conflict(CommitmentRuleViolation e) {
        return problem(HttpStatus.CONFLICT, "Not allowed in the commitment's current state", e.getMessage());
    }

    @ExceptionHandler(InvalidCommitmentException.class)
    ProblemDetail invalidCommitment(InvalidCommitmentException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid commitment", e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "dueAt", "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage())).toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors));
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request could not be completed; nothing was changed unless a later read shows it. See the service log.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField().replace(".roleOfParty", ".role"),
                        "message", String.valueOf(f.getDefaultMessage())))
                .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
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
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Unreadable request body", readableMessage(cause));
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem.setProperty("errors", List.of(Map.of("field", path(mapping), "message", readableMessage(cause))));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** What a client needs to fix, without Jackson's internals. */
    static String readableMessage(Throwable e) {
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

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(List<Map<String, String>> errors) {
        return errors.stream().map(err -> err.get("field") + ": " + err.get("message")).collect(Collectors.joining("; "));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
