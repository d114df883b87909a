package dev.momentum.commitment.domain;

/** A command whose own values contradict each other, e.g. a due date before the make. */
public class InvalidCommitmentException extends RuntimeException {

    public InvalidCommitmentException(String message) {
        super(message);
    }
}
