package dev.momentum.deal.domain;

/**
 * Deal ids are chosen by clients (or generated; their shape is the contract's
 * {@link dev.momentum.contracts.api.Ids#PATTERN}) and unique per tenant; the aggregate identifier
 * joins both so that two tenants can use the same id.
 */
public final class DealIds {

    private DealIds() {
    }

    public static String aggregateId(String tenantId, String dealId) {
        return tenantId + "/" + dealId;
    }
}
