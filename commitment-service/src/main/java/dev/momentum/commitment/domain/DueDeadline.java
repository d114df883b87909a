package dev.momentum.commitment.domain;

import java.time.Instant;

/**
 * Payload of the scheduled automatic miss. It names the due date it was scheduled for, so that a
 * deadline left over from before a renegotiation can never miss the commitment early.
 */
public record DueDeadline(Instant dueAt) {
}
