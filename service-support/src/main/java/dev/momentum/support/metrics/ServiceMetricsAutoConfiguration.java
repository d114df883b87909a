package dev.momentum.support.metrics;

import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The metrics every service exports besides Boot's and Axon's own: sampled gauges ({@link Sampler}), the Axon
 * processors' segments and the outbox lag ({@link AxonProcessorMetrics}), dead letters ({@link DeadLetterCount}),
 * and {@link BusinessCounters} for the services' event handlers.
 */
@AutoConfiguration(after = {CompositeMeterRegistryAutoConfiguration.class, KafkaAutoConfiguration.class})
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
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean
    MetricsKafkaAdmin metricsKafkaAdmin(KafkaAdmin kafkaAdmin) {
        return new MetricsKafkaAdmin(kafkaAdmin);
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    DeadLetterCount deadLetterCount(Sampler sampler, MetricsKafkaAdmin kafka, MetricsProperties properties) {
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
