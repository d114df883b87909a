package dev.momentum.deal.domain;

/**
 * A command that the deal's current state does not allow: a closed deal, business time going
 * backwards, or a different deal under an id already in use.
 */
public class DealRuleViolation extends RuntimeException {

    public DealRuleViolation(String message) {
        super(message);
    }
}
