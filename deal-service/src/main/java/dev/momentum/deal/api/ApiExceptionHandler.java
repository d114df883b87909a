package dev.momentum.deal.api;

import dev.momentum.deal.domain.DealRuleViolation;
import dev.momentum.deal.domain.InvalidDealException;
import dev.momentum.support.web.ProblemHandler;
import dev.momentum.support.web.ProblemType;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The deal rules' exceptions as problem+json; everything else is {@link ProblemHandler}'s. */
@RestControllerAdvice
class ApiExceptionHandler extends ProblemHandler {

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return problem(ProblemType.NOT_FOUND, "deal does not exist");
    }

    @ExceptionHandler(DealRuleViolation.class)
    ProblemDetail conflict(DealRuleViolation e) {
        return conflict("Not allowed in the deal's current state", e.getMessage(), e.currentStatus());
    }

    @ExceptionHandler(InvalidDealException.class)
    ProblemDetail invalidDeal(InvalidDealException e) {
        return invalid(e.field(), e.getMessage());
    }
}
