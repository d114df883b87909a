package dev.momentum.commitment.api;

import dev.momentum.commitment.domain.CommitmentRuleViolation;
import dev.momentum.commitment.domain.InvalidCommitmentException;
import dev.momentum.support.web.ProblemHandler;
import dev.momentum.support.web.ProblemType;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The commitment rules' exceptions as problem+json; everything else is {@link ProblemHandler}'s. */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemHandler {

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return problem(ProblemType.NOT_FOUND, "commitment does not exist");
    }

    @ExceptionHandler(CommitmentRuleViolation.class)
    ProblemDetail conflict(CommitmentRuleViolation e) {
        return conflict("Not allowed in the commitment's current state", e.getMessage(), e.currentStatus());
    }

    @ExceptionHandler(InvalidCommitmentException.class)
    ProblemDetail invalidCommitment(InvalidCommitmentException e) {
        return invalid("dueAt", e.getMessage());
    }
}
