package dev.momentum.localstack;

/**
 * A component could not start or become ready. The message names the component, what went
 * wrong and where its log is, so that callers can print it as is instead of a stack trace.
 */
public class StackStartException extends RuntimeException {

    public StackStartException(String message) {
        super(message);
    }

    public StackStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
