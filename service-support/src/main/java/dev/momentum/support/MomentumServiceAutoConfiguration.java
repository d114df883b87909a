package dev.momentum.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.support.health.KafkaHealthIndicator;
import dev.momentum.support.messaging.ContractEventSender;
import dev.momentum.support.messaging.DeadLetterPublisher;
import dev.momentum.support.messaging.ServiceKafkaAdmin;
import dev.momentum.support.tenant.CurrentTenant;
import dev.momentum.support.tracing.ProducerSpans;
import dev.momentum.support.web.BusinessTime;
import dev.momentum.support.web.HistoryImports;
import dev.momentum.support.web.ImportItemReader;
import jakarta.validation.Validator;
import dev.momentum.support.web.ProblemsInOpenApi;
import dev.momentum.support.web.RequestSizeLimit;
import dev.momentum.support.web.constraints.ConstraintsInOpenApi;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The shared pieces, configured in every service that has this library on its classpath. */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, JacksonAutoConfiguration.class, ValidationAutoConfiguration.class})
@EnableConfigurationProperties(ApiProperties.class)
public class MomentumServiceAutoConfiguration {

    /** "Now" for business time; a bean so that tests can move it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    CurrentTenant currentTenant() {
        return new CurrentTenant();
    }

    @Bean
    BusinessTime businessTime(Clock clock, ApiProperties properties) {
        return new BusinessTime(clock, properties.maxClockSkew());
    }

    @Bean
    HistoryImports historyImports(ApiProperties properties) {
        return new HistoryImports(properties.importParallelism());
    }

    @Bean
    @ConditionalOnBean(Validator.class)
    ImportItemReader importItemReader(ObjectMapper json, Validator validator) {
        return new ImportItemReader(json, validator);
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    RequestSizeLimit requestSizeLimit(ApiProperties properties, ObjectMapper json) {
        return new RequestSizeLimit(properties.maxRequestSize(), json);
    }

    /** The contract constraints ({@code web.constraints}) and the problem types in the OpenAPI documents. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.PropertyCustomizer")
    static class ConstraintsInOpenApiDocuments {

        @Bean
        ConstraintsInOpenApi constraintsInOpenApi() {
            return new ConstraintsInOpenApi();
        }

        /** The error answers ({@link dev.momentum.support.web.ProblemType}) on every operation. */
        @Bean
        ProblemsInOpenApi problemsInOpenApi() {
            return new ProblemsInOpenApi();
        }
    }

    /** For the event-sourced services, which publish from Axon's event store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.axonframework.config.ConfigurerModule")
    static class OutboxPublishing {

        /** Needs the service's {@link DeadLetterPublisher}: where the events that can never be published go. */
        @Bean
        @ConditionalOnBean({KafkaTemplate.class, DeadLetterPublisher.class})
        ContractEventSender contractEventSender(KafkaTemplate<String, CloudEvent> kafka, DeadLetterPublisher deadLetters,
                                                ObjectProvider<ProducerSpans> spans) {
            return new ContractEventSender(kafka, deadLetters, spans.getIfAvailable(ProducerSpans::none));
        }
    }

    /** One admin client for everything that asks the cluster (health, sampled gauges). */
    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean
    ServiceKafkaAdmin serviceKafkaAdmin(KafkaAdmin kafkaAdmin) {
        return new ServiceKafkaAdmin(kafkaAdmin);
    }

    /** {@code /actuator/health} shows Kafka too (Boot shows the database and Elasticsearch). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class KafkaHealth {

        // conditional on KafkaAdmin, not ServiceKafkaAdmin: member classes are read before the enclosing
        // class's beans, so that condition would never hold; ServiceKafkaAdmin exists whenever KafkaAdmin does
        @Bean
        @ConditionalOnBean(KafkaAdmin.class)
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(ServiceKafkaAdmin admin) {
            return new KafkaHealthIndicator(admin);
        }
    }
}
