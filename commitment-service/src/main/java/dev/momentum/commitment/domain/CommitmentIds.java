package dev.momentum.commitment.domain;

import java.util.regex.Pattern;

/**
 * Commitment ids are chosen by clients and unique per tenant; the aggregate identifier joins
 * both so that two tenants can use the same id.
 */
public final class CommitmentIds {

    /** What a client-chosen commitment id may look like. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private CommitmentIds() {
    }

    public static String aggregateId(String tenantId, String commitmentId) {
        return tenantId + "/" + commitmentId;
    }
}
