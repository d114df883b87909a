package dev.momentum.support.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Counts business events from an Axon event handler (in a subscribing processor, inside the unit of work that
 * stores the event) once that unit of work committed: an event whose transaction rolls back is not counted.
 * Counters are per instance and start at 0 at every start, as Prometheus expects ({@code rate()} and
 * {@code increase()} handle restarts): they show what happens now, not history.
 * <p>
 * Tags must have few values (enums, booleans): never a tenant, deal or commitment id.
 */
public final class BusinessCounters {

    /** {@code origin} tag: the event came from a history import. */
    public static final String IMPORT = "import";
    /** {@code origin} tag: anything else (API calls, deadlines, Kafka facts). */
    public static final String LIVE = "live";
    /** Both values of the {@code origin} tag. */
    public static final List<String> ORIGINS = List.of(LIVE, IMPORT);

    private final MeterRegistry registry;

    public BusinessCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Shows counter {@code name} with {@code tags} at 0 before its first event: a series that first appears at 1
     * is invisible to {@code increase()} and {@code rate()}, so an alert or a dashboard would miss that event.
     */
    public void declare(String name, String description, Tags tags) {
        Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Adds one to counter {@code name} with {@code tags} once the current unit of work commits. */
    public void count(String name, String description, Tags tags) {
        Counter counter = Counter.builder(name).description(description).tags(tags).register(registry);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> counter.increment());
        } else {
            counter.increment();
        }
    }

    /**
     * {@link #IMPORT} when the message that started the current unit of work (the command) is an
     * {@code importCommand}, else {@link #LIVE}.
     */
    public static String origin(Class<?> importCommand) {
        if (!CurrentUnitOfWork.isStarted()) {
            return LIVE;
        }
        Message<?> root = CurrentUnitOfWork.get().root().getMessage();
        return root != null && importCommand.isInstance(root.getPayload()) ? IMPORT : LIVE;
    }
}
