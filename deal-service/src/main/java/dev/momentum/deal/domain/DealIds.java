package dev.momentum.deal.domain;

/**
 * Deal ids are chosen by clients (or generated) and unique per tenant; the aggregate identifier
 * joins both so that two tenants can use the same id.
 */
public final class DealIds {

    /** What a client-chosen deal id may look like; the same as commitments' {@code dealId}. */
    public static final String PATTERN = "[A-Za-z0-9._:-]{1,64}";

    private DealIds() {
    }

    public static String aggregateId(String tenantId, String dealId) {
        return tenantId + "/" + dealId;
    }
}
