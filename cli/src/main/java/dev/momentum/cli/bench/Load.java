package dev.momentum.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Drives a call: closed loop (N clients back to back) or open loop (a steady offered rate). */
final class Load {

    private Load() {
    }

    interface Call {
        void run(int sequence) throws Exception;
    }

    /** What a run did: completed calls, their latencies and the wall time it took. */
    record Result(int count, int failed, double seconds, long[] latencyNanos) {

        double perSecond() {
            return count / seconds;
        }

        double percentileMillis(double p) {
            if (latencyNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latencyNanos.length) - 1;
            return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, index))] / 1e6;
        }
    }

    /** {@code threads} clients, each calling again as soon as its call returned, for {@code duration}. */
    static Result closed(int threads, Duration duration, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<long[]> perThread = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        call.run(next.getAndIncrement());
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        continue;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        for (Future<long[]> worker : workers) {
            perThread.add(worker.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return result(perThread, failed.get(), seconds);
    }

    /**
     * {@code rate} calls a second for {@code duration}, each started on time whatever the earlier ones do
     * (at most {@code maxInFlight} at once; a call that finds them all busy is counted as failed: the
     * system did not keep up).
     */
    static Result open(double rate, Duration duration, int maxInFlight, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(maxInFlight);
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicInteger failed = new AtomicInteger();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong done = new AtomicLong();
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long calls = (long) (rate * duration.toNanos() / 1e9);
        for (int i = 0; i < calls; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire()) {
                failed.incrementAndGet();
                continue;
            }
            int sequence = i;
            pool.execute(() -> {
                long t0 = System.nanoTime();
                try {
                    call.run(sequence);
                    latencies.add(System.nanoTime() - t0);
                    done.incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    inFlight.release();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result((int) done.get(), failed.get(), seconds, sorted);
    }

    private static Result result(List<long[]> perThread, int failed, double seconds) {
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, failed, seconds, all);
    }
}
