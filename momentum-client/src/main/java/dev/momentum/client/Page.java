package dev.momentum.client;

import java.util.List;

/** One page of a listing ({@code GET /api/v1/deals}, {@code GET /api/v1/commitments}). */
public record Page<T>(List<T> items, int page, int size, long totalItems) {
}
