package dev.momentum.commitment.messaging;

import dev.momentum.commitment.CommitmentProperties;
import dev.momentum.commitment.domain.Events;
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

@Configuration
class KafkaPublishingConfiguration {

    /** Created at start unless it exists; the whole history is kept (see {@link TopicDeclarations}). */
    @Bean
    NewTopic commitmentsTopic(CommitmentProperties properties) {
        return TopicDeclarations.contractTopic(properties.kafka().topic(), properties.kafka().partitions());
    }

    @Bean
    NewTopic commitmentServiceDeadLetterTopic(CommitmentProperties properties) {
        return TopicDeclarations.deadLetterTopic(properties.kafka().dltTopic());
    }

    /** Where the commitment events that can never be published go (see {@link ContractEventSender}). */
    @Bean
    DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka, CommitmentProperties properties,
                                            ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterPublisher(kafka, properties.kafka().dltTopic(), null, meters.getIfAvailable());
    }

    /** The outbox's segments each publish whole deals, so each deal's events stay in order on the topic. */
    @Bean(PerDealSequencingPolicy.BEAN_NAME)
    PerDealSequencingPolicy perDealSequencing() {
        return new PerDealSequencingPolicy(payload ->
                payload instanceof Events.CommitmentEvent event ? event.terms().dealId() : null);
    }

    @Bean
    ConfigurerModule retryUnpublishedCommitmentEvents() {
        return ContractEventSender.propagateErrors(CommitmentEventPublisher.PROCESSING_GROUP);
    }
}
