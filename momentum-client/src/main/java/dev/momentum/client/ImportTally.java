package dev.momentum.client;

import dev.momentum.client.ImportItems.ImportResult;
import dev.momentum.contracts.api.ImportStatus;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts of import results by status over any number of batches, plus the first errors seen (by item id). */
public final class ImportTally {

    /** How many errors are kept: enough to show what went wrong without echoing a whole bad file. */
    public static final int FIRST_ERRORS = 5;

    private final Map<ImportStatus, Integer> counts = new EnumMap<>(ImportStatus.class);
    private final Map<String, String> firstErrors = new TreeMap<>();

    public synchronized void add(ImportResult result) {
        counts.merge(result.status(), 1, Integer::sum);
        if (result.error() != null && firstErrors.size() < FIRST_ERRORS) {
            firstErrors.put(String.valueOf(result.id()), result.error());
        }
    }

    /** The counts as the APIs write the statuses ({@code created}...), in {@link ImportStatus} order. */
    public synchronized Map<String, Integer> byStatus() {
        Map<String, Integer> byWire = new LinkedHashMap<>();
        counts.forEach((status, count) -> byWire.put(status.wire(), count));
        return byWire;
    }

    public synchronized Map<String, String> firstErrors() {
        return new TreeMap<>(firstErrors);
    }

    public synchronized int count(ImportStatus status) {
        return counts.getOrDefault(status, 0);
    }

    /** How many items were refused ({@link ImportStatus#isRefused()}). */
    public synchronized int refused() {
        return counts.entrySet().stream().filter(e -> e.getKey().isRefused()).mapToInt(Map.Entry::getValue).sum();
    }
}
