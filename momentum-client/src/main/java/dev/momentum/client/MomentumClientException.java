package dev.momentum.client;

/** A call to a Momentum API did not succeed: {@link ProblemException} (an answer) or {@link UnreachableException}. */
public abstract sealed class MomentumClientException extends RuntimeException
        permits ProblemException, UnreachableException {

    MomentumClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status of the answer; 0 when none came. */
    public abstract int status();
}
