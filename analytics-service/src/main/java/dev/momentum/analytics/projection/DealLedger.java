package dev.momentum.analytics.projection;

import java.util.List;

/**
 * All facts of one deal in one document ({@code _id} = the deal key) of {@code <prefix>-ledger}: read by id, in
 * real time, the projection recomputes a deal from it without searching (which would see only what was refreshed).
 *
 * @param factCount how many facts it holds (the facts themselves are stored, not indexed)
 * @param facts     ordered by fact id
 */
public record DealLedger(String dealKey, int factCount, List<FactDoc> facts) {
}
