package dev.momentum.contracts;

/** The {@code ce_type} is missing or not one of this contract's {@link EventType}s. */
public final class UnknownEventTypeException extends UndecodableEventException {

    private final String ceType;

    public UnknownEventTypeException(String ceType) {
        super("Unknown Momentum event type: " + ceType, null);
        this.ceType = ceType;
    }

    /** The offending type, {@code null} if the message had none. */
    public String ceType() {
        return ceType;
    }
}
