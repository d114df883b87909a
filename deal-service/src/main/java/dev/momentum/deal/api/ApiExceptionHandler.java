package dev.momentum.deal.api;

import dev.momentum.deal.domain.DealRuleViolation;
import dev.momentum.deal.domain.InvalidDealException;
import dev.momentum.support.web.ProblemHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The deal rules' exceptions as problem+json; everything else is {@link ProblemHandler}'s. */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemHandler {

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", "deal does not exist");
    }

    @ExceptionHandler(DealRuleViolation.class)
    ProblemDetail conflict(DealRuleViolation e) {
        return problem(HttpStatus.CONFLICT, "Not allowed in the deal's current state", e.getMessage());
    }

    @ExceptionHandler(InvalidDealException.class)
    ProblemDetail invalidDeal(InvalidDealException e) {
        return invalid(e.field(), e.getMessage());
    }
}
