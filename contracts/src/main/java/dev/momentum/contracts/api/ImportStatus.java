package dev.momentum.contracts.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a history import did with one item ({@code POST /api/v1/deals/import},
 * {@code POST /api/v1/commitments/import}); written in lower case on the wire.
 */
public enum ImportStatus {
    /** The item was applied. */
    CREATED,
    /** The same item was imported before: nothing changed (a safe retry). */
    UNCHANGED,
    /** Something else already exists under the item's id: nothing changed. */
    CONFLICT,
    /** The item breaks a rule (see the item's {@code error}): nothing changed. */
    INVALID;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether nothing of the item was stored because of the item itself. */
    public boolean isRefused() {
        return this == CONFLICT || this == INVALID;
    }
}
