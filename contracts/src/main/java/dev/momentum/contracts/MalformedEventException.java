package dev.momentum.contracts;

import java.util.List;

/**
 * The message has a known type but its envelope or payload breaks the contract: not a CloudEvent,
 * no data, not JSON, or JSON that fails the type's schema.
 */
public final class MalformedEventException extends UndecodableEventException {

    private final List<String> violations;

    public MalformedEventException(String message) {
        this(message, (Throwable) null);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
        this.violations = List.of();
    }

    public MalformedEventException(String message, List<String> violations) {
        super(message + ": " + String.join("; ", violations), null);
        this.violations = List.copyOf(violations);
    }

    /** The schema violations, when that is why the payload was rejected; otherwise empty. */
    public List<String> violations() {
        return violations;
    }
}
