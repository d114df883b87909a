package dev.momentum.commitment.api;

import dev.momentum.commitment.CommitmentProperties;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Business time comes from clients, but never from the future (beyond the allowed clock skew). */
@Component
class BusinessTime {

    private final Clock clock;
    private final CommitmentProperties properties;

    BusinessTime(Clock clock, CommitmentProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    void requireNotFuture(String field, Instant occurredAt) {
        if (occurredAt != null && occurredAt.isAfter(clock.instant().plus(properties.maxClockSkew()))) {
            throw new InvalidFieldException(field, "is in the future (" + occurredAt + "); business time must not be"
                    + " later than now");
        }
    }
}
