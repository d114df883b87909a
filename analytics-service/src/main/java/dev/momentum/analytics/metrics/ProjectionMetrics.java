package dev.momentum.analytics.metrics;

import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.messaging.ProjectionLag;
import dev.momentum.support.messaging.ServiceKafkaAdmin;
import dev.momentum.support.metrics.Sampler;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code momentum_projection_lag{topic}}: the events of each topic not yet in the figures (what
 * {@code GET /api/v1/admin/projections/status} answers), sampled every {@code momentum.metrics.sample-interval}.
 * The same value in every instance (it is the consumer group's). NaN while Kafka cannot tell (also before the
 * topics exist).
 */
@Component
class ProjectionMetrics {

    private static final String NAME = "momentum.projection.lag";
    private static final String DESCRIPTION = "Events published but not yet projected into Elasticsearch";

    ProjectionMetrics(Sampler sampler, ProjectionLag lag, ServiceKafkaAdmin kafka, AnalyticsProperties properties) {
        List.of(properties.kafka().commitmentsTopic(), properties.kafka().dealsTopic())
                .forEach(topic -> sampler.declare(NAME, DESCRIPTION, Tags.of("topic", topic)));
        sampler.add("projection lag", readings -> lag.status(kafka.get()).topics().forEach((topic, events) ->
                readings.report(NAME, DESCRIPTION, Tags.of("topic", topic), events)));
    }
}
