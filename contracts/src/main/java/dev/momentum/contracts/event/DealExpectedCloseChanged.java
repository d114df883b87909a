package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code dev.momentum.deal.expected-close-changed.v1}: the expected close date was set or moved.
 *
 * @param previousExpectedCloseOn the date before, or {@code null} if none was set
 * @param expectedCloseOn the new date
 */
public record DealExpectedCloseChanged(
        String tenantId,
        String dealId,
        long sequence,
        Instant occurredAt,
        String pipeline,
        String stage,
        LocalDate previousExpectedCloseOn,
        LocalDate expectedCloseOn)
        implements DealEvent {

    public DealExpectedCloseChanged {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(pipeline, "pipeline");
        requireNonNull(stage, "stage");
        requireNonNull(expectedCloseOn, "expectedCloseOn");
    }

    /**
     * Whether the close date moved later, a stall signal. Derived rather than stored so it cannot
     * contradict the dates; {@code false} when no date was set before.
     */
    @JsonProperty("pushed")
    public boolean pushed() {
        return previousExpectedCloseOn != null && expectedCloseOn.isAfter(previousExpectedCloseOn);
    }
}
