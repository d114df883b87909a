package dev.momentum.support.metrics;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own metrics ({@code momentum.metrics.*}).
 *
 * @param sampleInterval    how often the gauges that need a query (outbox lag, projection lag, dead letters,
 *                          segments per processor) are measured; a scrape reads the last measurement and never
 *                          waits
 * @param outboxProcessor   the tracking processor that publishes the event store to Kafka: the outbox lag is the
 *                          head of the event store minus this processor's token
 * @param deadLetterTopics  the service's dead-letter topics: {@code momentum.dead.letter.records{topic}} counts the records
 *                          ever written to each (its end offsets)
 */
@ConfigurationProperties("momentum.metrics")
public record MetricsProperties(@DefaultValue("10s") Duration sampleInterval,
                                @DefaultValue("kafka-publisher") String outboxProcessor,
                                @DefaultValue List<String> deadLetterTopics) {
}
