package dev.momentum.commitment.domain;

/**
 * A command that the commitment's current state does not allow: an illegal transition, business
 * time going backwards, or a different commitment under an id already in use.
 */
public class CommitmentRuleViolation extends RuntimeException {

    private final CommitmentStatus currentStatus;

    public CommitmentRuleViolation(String message) {
        this(message, null);
    }

    public CommitmentRuleViolation(String message, CommitmentStatus currentStatus) {
        super(message);
        this.currentStatus = currentStatus;
    }

    /** The status that did not allow the step, for an illegal transition; else null. */
    public CommitmentStatus currentStatus() {
        return currentStatus;
    }
}
