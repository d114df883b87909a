package dev.momentum.analytics.projection;

import java.time.Instant;

/**
 * One consumed event, stored as it came ({@code _id} = {@code ce_id}, so a redelivery overwrites itself).
 * Every derived document is recomputed from a deal's facts.
 *
 * @param dealKey   {@code tenantId/dealId}: what facts are grouped by
 * @param payload   the event's JSON payload, stored but not indexed
 */
public record FactDoc(
        String factId,
        String tenantId,
        String dealId,
        String dealKey,
        String ceType,
        String subject,
        long sequence,
        Instant occurredAt,
        Instant recordedAt,
        String payload) {

    public static String dealKey(String tenantId, String dealId) {
        return tenantId + "/" + dealId;
    }
}
