package dev.momentum.deal.messaging;

import dev.momentum.contracts.Topics;
import dev.momentum.contracts.UndecodableEventException;
import dev.momentum.deal.DealProperties;
import dev.momentum.deal.domain.DealRuleViolation;
import dev.momentum.deal.domain.Events;
import dev.momentum.deal.domain.InvalidDealException;
import dev.momentum.support.axon.PerDealSequencingPolicy;
import dev.momentum.support.messaging.ContractEventSender;
import dev.momentum.support.messaging.DeadLetterPublisher;
import dev.momentum.support.messaging.TopicDeclarations;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration
class KafkaConfiguration {

    /** Created at start unless it exists; the whole history is kept (see {@link TopicDeclarations}). */
    @Bean
    NewTopic dealsTopic(DealProperties properties) {
        return TopicDeclarations.contractTopic(properties.kafka().topic(), properties.kafka().partitions());
    }

    /**
     * The commitments topic is the commitment-service's; declared here too (with the contract's
     * partition count and retention, unless it exists) so that this service can start first.
     */
    @Bean
    NewTopic commitmentsTopic(DealProperties properties) {
        return TopicDeclarations.contractTopic(properties.commitmentsTopic(), Topics.DEFAULT_PARTITIONS);
    }

    @Bean
    NewTopic dealServiceDeadLetterTopic(DealProperties properties) {
        return TopicDeclarations.deadLetterTopic(properties.kafka().dltTopic());
    }

    /** Where the deal events that can never be published and the unconsumable commitment records go. */
    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka, DealProperties properties,
                                            ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterPublisher(kafka, properties.kafka().dltTopic(), kafka.getConsumer().getGroupId(),
                meters.getIfAvailable());
    }

    @Bean
    ConfigurerModule retryUnpublishedDealEvents() {
        return ContractEventSender.propagateErrors(DealEventPublisher.PROCESSING_GROUP);
    }

    /**
     * A commitment record that can never be recorded (not an event of the contract, or one the deal
     * rejects whenever it is tried) goes to the dead-letter topic at once, with the reason, and the
     * partition goes on. Any other failure (database down, ...) is retried, with back-off up to 30 s,
     * until it succeeds: skipping the record would lose the fact from the deal's timeline. A dead
     * letter that cannot be written (Kafka down) is retried the same way.
     */
    @Bean
    DefaultErrorHandler commitmentFactErrorHandler(DeadLetterPublisher deadLetters) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.addNotRetryableExceptions(UndecodableEventException.class, DealRuleViolation.class,
                InvalidDealException.class);
        return handler;
    }

    /** The outbox's segments each publish whole deals, so each deal's events stay in order on the topic. */
    @Bean(PerDealSequencingPolicy.BEAN_NAME)
    PerDealSequencingPolicy perDealSequencing() {
        return new PerDealSequencingPolicy(payload -> payload instanceof Events.DealEvent event ? event.dealId() : null);
    }
}
