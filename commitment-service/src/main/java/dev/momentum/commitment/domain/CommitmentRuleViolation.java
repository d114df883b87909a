package dev.momentum.commitment.domain;

/**
 * A command that the commitment's current state does not allow: an illegal transition, business
 * time going backwards, or a different commitment under an id already in use.
 */
public class CommitmentRuleViolation extends RuntimeException {

    public CommitmentRuleViolation(String message) {
        super(message);
    }
}
