package dev.momentum.deal.messaging;

import dev.momentum.contracts.Topics;
import dev.momentum.deal.DealProperties;
import dev.momentum.support.messaging.ContractEventSender;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration
class KafkaConfiguration {

    /** Created at start unless it exists (operators may have created it with other settings). */
    @Bean
    NewTopic dealsTopic(DealProperties properties) {
        return TopicBuilder.name(properties.kafka().topic()).partitions(properties.kafka().partitions()).build();
    }

    /**
     * The commitments topic is the commitment-service's; declared here too (with the contract's
     * partition count, unless it exists) so that this service can start first without the broker
     * auto-creating it with one partition.
     */
    @Bean
    NewTopic commitmentsTopic(DealProperties properties) {
        return TopicBuilder.name(properties.commitmentsTopic()).partitions(Topics.DEFAULT_PARTITIONS).build();
    }

    @Bean
    ConfigurerModule retryUnpublishedDealEvents() {
        return ContractEventSender.propagateErrors(DealEventPublisher.PROCESSING_GROUP);
    }

    /**
     * A commitment fact that could not be recorded (database down, ...) is retried, with back-off
     * up to 30 s, until it is: skipping it would lose it from the deal's timeline. Records that
     * can never be decoded are skipped by the listener itself, so they cannot block a partition.
     */
    @Bean
    DefaultErrorHandler commitmentFactErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
