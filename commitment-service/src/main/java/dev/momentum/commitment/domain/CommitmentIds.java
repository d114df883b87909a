package dev.momentum.commitment.domain;

/**
 * Commitment ids are chosen by clients and unique per tenant; the aggregate identifier joins
 * both so that two tenants can use the same id.
 */
public final class CommitmentIds {

    private CommitmentIds() {
    }

    public static String aggregateId(String tenantId, String commitmentId) {
        return tenantId + "/" + commitmentId;
    }
}
