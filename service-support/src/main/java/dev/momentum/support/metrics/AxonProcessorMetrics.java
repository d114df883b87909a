package dev.momentum.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event processors' health and the outbox lag, beside Axon's own Micrometer metrics (which time command
 * handling and event processing and measure each processor's latency):
 * <ul>
 * <li>{@code momentum.processor.segments.claimed{processor}}: the segments this instance works on;</li>
 * <li>{@code momentum.processor.segments.error{processor}}: those of them in error (retrying a failed batch);</li>
 * <li>{@code momentum.processor.running{processor}}: 1 while the processor runs in this instance;</li>
 * <li>{@code momentum.processor.segments{processor}}: the processor's segments in the token store, all
 *     instances together (sampled);</li>
 * <li>{@code momentum.outbox.lag{processor}}: events in the event store that the outbox processor
 *     ({@code momentum.metrics.outbox-processor}) has not handled yet, i.e. not yet acknowledged by Kafka: the
 *     head of the event store minus the lowest position of its segments' tokens (sampled; the same value in
 *     every instance).</li>
 * </ul>
 * The tokens are read with a plain query, without claiming them: reading through the {@link TokenStore} would
 * take the claim away from the instance that processes the segment.
 */
public class AxonProcessorMetrics implements ApplicationListener<ApplicationStartedEvent> {

    private final MeterRegistry registry;
    private final Sampler sampler;
    private final MetricsProperties properties;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<TokenStore> tokenStore;
    private final ObjectProvider<JdbcTemplate> jdbc;
    private final ObjectProvider<TokenSchema> tokenSchema;

    public AxonProcessorMetrics(MeterRegistry registry, Sampler sampler, MetricsProperties properties,
            ObjectProvider<EventProcessingConfiguration> processing, ObjectProvider<EventStore> eventStore,
            ObjectProvider<TokenStore> tokenStore, ObjectProvider<JdbcTemplate> jdbc,
            ObjectProvider<TokenSchema> tokenSchema) {
        this.registry = registry;
        this.sampler = sampler;
        this.properties = properties;
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.jdbc = jdbc;
        this.tokenSchema = tokenSchema;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        if (configuration == null) {
            return;
        }
        List<String> streaming = new ArrayList<>();
        for (Map.Entry<String, EventProcessor> entry : configuration.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor processor) {
                String name = entry.getKey();
                streaming.add(name);
                Tags tags = Tags.of("processor", name);
                Gauge.builder("momentum.processor.segments.claimed", processor, p -> p.processingStatus().size())
                        .description("Segments of the processor that this instance works on").tags(tags).register(registry);
                Gauge.builder("momentum.processor.segments.error", processor,
                                p -> p.processingStatus().values().stream().filter(s -> s.isErrorState()).count())
                        .description("Segments of this instance whose last batch failed (they retry with back-off)")
                        .tags(tags).register(registry);
                Gauge.builder("momentum.processor.running", processor, p -> p.isRunning() ? 1 : 0)
                        .description("1 while the processor runs in this instance").tags(tags).register(registry);
            }
        }
        TokenStore tokens = tokenStore.getIfAvailable();
        JdbcTemplate template = jdbc.getIfAvailable();
        if (!(tokens instanceof JdbcTokenStore jdbcTokens) || template == null) {
            return;
        }
        TokenReader reader = new TokenReader(template, jdbcTokens.serializer(),
                tokenSchema.getIfAvailable(() -> TokenSchema.builder().build()));
        sampler.add("segments of " + streaming, readings -> {
            for (String name : streaming) {
                readings.report("momentum.processor.segments", "Segments of the processor in the token store (all instances)",
                        Tags.of("processor", name), reader.positions(name).size());
            }
        });
        EventStore store = eventStore.getIfAvailable();
        String outbox = properties.outboxProcessor();
        if (store != null && streaming.contains(outbox)) {
            String description = "Events stored but not yet published to Kafka (head of the event store minus the publisher's token)";
            sampler.declare("momentum.outbox.lag", description, Tags.of("processor", outbox));
            sampler.add("outbox lag", readings -> readings.report("momentum.outbox.lag", description,
                    Tags.of("processor", outbox), outboxLag(store, reader, outbox)));
        }
    }

    static long outboxLag(EventStore store, TokenReader reader, String processor) {
        long head = position(store.createHeadToken());
        List<Long> positions = reader.positions(processor);
        long slowest = positions.stream().mapToLong(Long::longValue).min().orElse(0);
        return Math.max(0, head - slowest);
    }

    /** A token's place in the event stream; no token (nothing handled yet) is 0, before the first event. */
    static long position(TrackingToken token) {
        if (token == null) {
            return 0;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? Math.max(0, position.getAsLong()) : 0;
    }

    /** Reads a processor's tokens as the token store wrote them, without claiming them. */
    record TokenReader(JdbcTemplate jdbc, Serializer serializer, TokenSchema schema) {

        List<Long> positions(String processor) {
            String sql = "select " + schema.tokenColumn() + ", " + schema.tokenTypeColumn() + " from " + schema.tokenTable()
                    + " where " + schema.processorNameColumn() + " = ?";
            return jdbc.query(sql, (row, i) -> {
                byte[] data = row.getBytes(1);
                String type = row.getString(2);
                if (data == null || type == null) {
                    return 0L;
                }
                TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(data, byte[].class, type, null));
                return position(token);
            }, processor);
        }
    }
}
