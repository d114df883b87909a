package dev.momentum.support.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Business time comes from clients, but never from the future beyond
 * {@code momentum.api.max-clock-skew} (default one minute).
 */
public class BusinessTime {

    private final Clock clock;
    private final Duration maxClockSkew;

    public BusinessTime(Clock clock, Duration maxClockSkew) {
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    public void requireNotFuture(String field, Instant occurredAt) {
        if (occurredAt != null && occurredAt.isAfter(clock.instant().plus(maxClockSkew))) {
            throw new InvalidRequestException(field, "is in the future (" + occurredAt
                    + "); business time must not be later than now");
        }
    }
}
