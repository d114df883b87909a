package dev.momentum.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Gauges whose value takes a query (the database, Kafka): measured on a background thread every
 * {@code momentum.metrics.sample-interval}, so that a scrape only reads the last value and never waits for a
 * component that is down. A measurement that fails sets its gauges to NaN until one succeeds (an alert on the
 * value then stays silent: alert on the gauge being NaN or absent too, see the README).
 */
public class Sampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sampler.class);

    /** One measurement: reads something and reports one or more values through {@link Readings}. */
    @FunctionalInterface
    public interface Measurement {
        void measure(Readings readings) throws Exception;
    }

    /** Where a measurement puts its values; each gauge is registered when first reported. */
    public interface Readings {
        void report(String name, String description, Tags tags, double value);
    }

    private record Task(String label, Measurement measurement, List<AtomicReference<Double>> values) {
    }

    private final MeterRegistry registry;
    private final Duration interval;
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    public Sampler(MeterRegistry registry, Duration interval) {
        this.registry = registry;
        this.interval = interval;
    }

    /** Measures {@code measurement} every interval from {@link #start()} on; {@code label} names it in the log. */
    public void add(String label, Measurement measurement) {
        tasks.add(new Task(label, measurement, new CopyOnWriteArrayList<>()));
    }

    /**
     * Registers a gauge before its first measurement, as NaN, so that the series exists (and an alert on NaN can
     * fire) even when the measurement never succeeds.
     */
    public void declare(String name, String description, Tags tags) {
        holder(name, description, tags);
    }

    private AtomicReference<Double> holder(String name, String description, Tags tags) {
        return gauges.computeIfAbsent(name + tags, k -> {
            AtomicReference<Double> fresh = new AtomicReference<>(Double.NaN);
            Gauge.builder(name, fresh, AtomicReference::get).description(description).tags(tags).register(registry);
            return fresh;
        });
    }

    /** Runs every measurement once, now (tests, and the first sample at start). */
    public void sampleNow() {
        tasks.forEach(this::sample);
    }

    private void sample(Task task) {
        try {
            task.measurement().measure((name, description, tags, value) -> {
                AtomicReference<Double> holder = holder(name, description, tags);
                holder.set(value);
                if (!task.values().contains(holder)) {
                    task.values().add(holder);
                }
            });
        } catch (Exception | LinkageError e) {
            task.values().forEach(holder -> holder.set(Double.NaN));
            log.debug("could not measure {}: {}", task.label(), e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics-sampler");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::sampleNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
