package dev.momentum.deal.domain;

/**
 * A command that the deal's current state does not allow: a closed deal, business time going
 * backwards, or a different deal under an id already in use.
 */
public class DealRuleViolation extends RuntimeException {

    private final String currentStatus;

    public DealRuleViolation(String message) {
        this(message, null);
    }

    public DealRuleViolation(String message, String currentStatus) {
        super(message);
        this.currentStatus = currentStatus;
    }

    /** The deal's status (its outcome, once closed) when that is what refused the step; else null. */
    public String currentStatus() {
        return currentStatus;
    }
}
