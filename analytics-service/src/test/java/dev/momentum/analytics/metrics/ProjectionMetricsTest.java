package dev.momentum.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.messaging.ProjectionLag;
import dev.momentum.support.messaging.ServiceKafkaAdmin;
import dev.momentum.support.metrics.Sampler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The projection lag of the admin API, as one gauge per topic; NaN while Kafka cannot tell it. */
class ProjectionMetricsTest {

    @Test
    void theLagOfEachTopicIsAGaugeAndAFailedMeasurementIsNaN() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Sampler sampler = new Sampler(registry, Duration.ofHours(1));
        ProjectionLag lag = mock(ProjectionLag.class);
        Map<String, Long> topics = new LinkedHashMap<>();
        topics.put("momentum.commitments.v1", 7L);
        topics.put("momentum.deals.v1", 0L);
        when(lag.status(any())).thenReturn(new ProjectionLag.Status(7, topics))
                .thenThrow(new IllegalStateException("Kafka did not tell the projection's lag"));
        new ProjectionMetrics(sampler, lag, mock(ServiceKafkaAdmin.class), new AnalyticsProperties(
                new AnalyticsProperties.Kafka("momentum.commitments.v1", "momentum.deals.v1", "analytics", "dlt", 100,
                        org.springframework.util.unit.DataSize.ofKilobytes(64), java.time.Duration.ofMillis(200), 1),
                "momentum", "buyer-journey", null, java.time.Duration.ofSeconds(1),
                org.springframework.util.unit.DataSize.ofMegabytes(16)));
        assertThat(registry.get("momentum.projection.lag").tag("topic", "momentum.deals.v1").gauge().value())
                .as("declared before the first measurement").isNaN();

        sampler.sampleNow();
        assertThat(registry.get("momentum.projection.lag").tag("topic", "momentum.commitments.v1").gauge().value())
                .isEqualTo(7);
        assertThat(registry.get("momentum.projection.lag").tag("topic", "momentum.deals.v1").gauge().value()).isZero();

        sampler.sampleNow();
        assertThat(registry.get("momentum.projection.lag").tag("topic", "momentum.commitments.v1").gauge().value())
                .isNaN();
    }
}
