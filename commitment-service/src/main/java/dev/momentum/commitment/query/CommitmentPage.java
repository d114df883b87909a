package dev.momentum.commitment.query;

import java.util.List;

/** One page of commitments, oldest make first. */
public record CommitmentPage(List<CommitmentView> items, int page, int size, long totalItems) {
}
