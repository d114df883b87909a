package dev.momentum.support.metrics;

import dev.momentum.support.MomentumServiceAutoConfiguration;
import dev.momentum.support.messaging.ServiceKafkaAdmin;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.regex.Pattern;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The metrics every service exports besides Boot's and Axon's own: sampled gauges ({@link Sampler}), the Axon
 * processors' segments and the outbox lag ({@link AxonProcessorMetrics}), dead letters ({@link DeadLetterCount}),
 * and {@link BusinessCounters} for the services' event handlers.
 */
@AutoConfiguration(after = {CompositeMeterRegistryAutoConfiguration.class, KafkaAutoConfiguration.class,
        MomentumServiceAutoConfiguration.class})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(MetricsProperties.class)
public class ServiceMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Sampler metricsSampler(MeterRegistry registry, MetricsProperties properties) {
        return new Sampler(registry, properties.sampleInterval());
    }

    @Bean
    @ConditionalOnBean(ServiceKafkaAdmin.class)
    DeadLetterCount deadLetterCount(Sampler sampler, ServiceKafkaAdmin kafka, MetricsProperties properties) {
        DeadLetterCount count = new DeadLetterCount(kafka, properties.deadLetterTopics());
        if (!properties.deadLetterTopics().isEmpty()) {
            count.declare(sampler);
            sampler.add("dead letters " + properties.deadLetterTopics(), count);
        }
        return count;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.axonframework.config.EventProcessingConfiguration",
            "org.springframework.jdbc.core.JdbcTemplate"})
    static class AxonMetrics {

        /** Axon's message timers: {@code <component>.allTimer}, {@code .successTimer}, {@code .failureTimer}, {@code .ignoredTimer}. */
        private static final Pattern AXON_MESSAGE_TIMER = Pattern.compile(".+\\.(all|success|failure|ignored)Timer");

        /**
         * Axon's message timers publish six client-side percentiles each (0.5 to 0.999, hard-coded): every
         * command and every event, on the command's thread inside its transaction, goes into a rotating set of
         * HdrHistograms per timer, several timers per message, and their range adjustment is synchronized. Under
         * load the request threads queued on that lock (JFR: jdk.JavaMonitorEnter in
         * DoubleHistogram.autoAdjustRangeForValueSlowPath), and such percentiles cannot be aggregated across
         * instances anyway. Without them the timers keep count, sum and max. Applied first, so Boot's
         * {@code management.metrics.distribution.percentiles.<timer>} (or {@code percentiles-histogram}) still
         * turns them on for a timer that needs them.
         */
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        MeterFilter axonMessageTimersWithoutClientSidePercentiles() {
            return new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    if (id.getType() != Meter.Type.TIMER || !AXON_MESSAGE_TIMER.matcher(id.getName()).matches()) {
                        return config;
                    }
                    return DistributionStatisticConfig.builder().percentiles(new double[0]).build().merge(config);
                }
            };
        }

        @Bean
        BusinessCounters businessCounters(MeterRegistry registry) {
            return new BusinessCounters(registry);
        }

        @Bean
        AxonProcessorMetrics axonProcessorMetrics(MeterRegistry registry, Sampler sampler, MetricsProperties properties,
                ObjectProvider<EventProcessingConfiguration> processing, ObjectProvider<EventStore> eventStore,
                ObjectProvider<TokenStore> tokenStore, ObjectProvider<JdbcTemplate> jdbc,
                ObjectProvider<TokenSchema> tokenSchema) {
            return new AxonProcessorMetrics(registry, sampler, properties, processing, eventStore, tokenStore, jdbc,
                    tokenSchema);
        }
    }
}
