package dev.momentum.support.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Applies the items of a history import on a few threads at once (each item is its own
 * aggregate and transaction, so they do not wait for each other), and answers in request order.
 * {@code momentum.api.import-parallelism} threads, default 4.
 */
public class HistoryImports implements AutoCloseable {

    private final ExecutorService executor;

    public HistoryImports(int parallelism) {
        this.executor = Executors.newFixedThreadPool(parallelism, runnable -> {
            Thread thread = new Thread(runnable, "history-import");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param key items with the same key (the same aggregate) are applied one after the other, in
     *            request order, so that they never race to create it
     */
    public <I, R> List<R> apply(List<I> items, Function<I, String> key, Function<I, R> importOne) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            groups.computeIfAbsent(String.valueOf(key.apply(items.get(i))), k -> new ArrayList<>()).add(i);
        }
        List<R> results = new ArrayList<>(Collections.nCopies(items.size(), null));
        CompletableFuture.allOf(groups.values().stream().map(indices -> CompletableFuture.runAsync(() -> {
            for (int index : indices) {
                results.set(index, importOne.apply(items.get(index)));
            }
        }, executor)).toArray(CompletableFuture[]::new)).join();
        return results;
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
