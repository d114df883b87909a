package dev.momentum.deal.domain;

/** A command value the deal cannot take, e.g. a stage that is not one of its pipeline's; answered 400 naming the field. */
public class InvalidDealException extends RuntimeException {

    private final String field;

    public InvalidDealException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
