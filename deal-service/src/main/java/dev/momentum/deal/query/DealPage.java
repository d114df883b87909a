package dev.momentum.deal.query;

import java.util.List;

/** One page of deals, oldest open first. */
public record DealPage(List<DealView> items, int page, int size, long totalItems) {
}
