package dev.momentum.analytics.projection;

import dev.momentum.contracts.event.DealOpened;

/**
 * The deal a derived document belongs to, and what every derived document repeats of its open: its
 * pipeline, segment and owner (null until the deal is opened).
 */
record DealRef(String tenantId, String dealId, String dealKey, String pipeline, String segment, String owner) {

    /** @param opened the deal's open, or null if it has not arrived */
    static DealRef of(String tenantId, String dealId, DealOpened opened) {
        String dealKey = FactDoc.dealKey(tenantId, dealId);
        return opened == null ? new DealRef(tenantId, dealId, dealKey, null, null, null)
                : new DealRef(tenantId, dealId, dealKey, opened.pipeline(), opened.segment(), opened.owner());
    }
}
