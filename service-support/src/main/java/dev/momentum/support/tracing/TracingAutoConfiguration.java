package dev.momentum.support.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Carries the W3C trace context of a request through the event store and Kafka (see {@link TraceContext}).
 * Boot's own tracing auto-configuration makes the tracer, the W3C propagator, the HTTP server spans and,
 * when {@code management.otlp.tracing.endpoint} is set, the OTLP exporter.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration"})
@ConditionalOnClass(Tracer.class)
public class TracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConsumerSpans consumerSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new ConsumerSpans(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean
    ProducerSpans producerSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new ProducerSpans(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CommandBus.class)
    @ConditionalOnBean({Tracer.class, Propagator.class})
    static class AxonTraceMetaData {

        @Bean
        CorrelationDataProvider traceContextCorrelationDataProvider() {
            return TraceMetaData.correlationDataProvider();
        }

        @Bean
        org.axonframework.config.ConfigurerModule traceContextDispatchInterceptor(Tracer tracer, Propagator propagator) {
            return configurer -> configurer.onInitialize(configuration -> configuration.onStart(() ->
                    configuration.commandBus().registerDispatchInterceptor(TraceMetaData.dispatchInterceptor(tracer, propagator))));
        }
    }
}
