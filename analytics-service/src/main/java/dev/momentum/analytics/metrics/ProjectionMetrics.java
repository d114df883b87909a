package dev.momentum.analytics.metrics;

import dev.momentum.analytics.messaging.ProjectionLag;
import dev.momentum.support.metrics.MetricsKafkaAdmin;
import dev.momentum.support.metrics.Sampler;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

/**
 * {@code momentum_projection_lag{topic}}: the events of each topic not yet in the figures (what
 * {@code GET /api/v1/admin/projections/status} answers), sampled every {@code momentum.metrics.sample-interval}.
 * The same value in every instance (it is the consumer group's). NaN while Kafka cannot tell.
 */
@Component
class ProjectionMetrics {

    ProjectionMetrics(Sampler sampler, ProjectionLag lag, MetricsKafkaAdmin kafka) {
        sampler.add("projection lag", readings -> lag.status(kafka.get()).topics().forEach((topic, events) ->
                readings.report("momentum.projection.lag", "Events published but not yet projected into Elasticsearch",
                        Tags.of("topic", topic), events)));
    }
}
