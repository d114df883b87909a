package dev.momentum.deal.domain;

import java.time.Instant;

/**
 * Payload of the persistent deadline at which an open deal becomes stalled for inactivity unless
 * it progresses first. It names the instant it was scheduled for, so that a deadline left over
 * from before a progress can never stall the deal early.
 */
public record StallCheck(Instant at) {

    public static final String DEADLINE = "deal-stall-check";
}
