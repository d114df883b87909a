package dev.momentum.contracts;

/**
 * A consumed message is not a valid event of this contract. Consumers catch this one type to
 * dead-letter a message instead of retrying it: the message will never decode.
 */
public abstract sealed class UndecodableEventException extends RuntimeException
        permits UnknownEventTypeException, MalformedEventException {

    protected UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
