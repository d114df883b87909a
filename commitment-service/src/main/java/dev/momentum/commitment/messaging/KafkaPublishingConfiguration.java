package dev.momentum.commitment.messaging;

import dev.momentum.commitment.CommitmentProperties;
import dev.momentum.support.messaging.ContractEventSender;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration
class KafkaPublishingConfiguration {

    /** Created at start unless it exists (operators may have created it with other settings). */
    @Bean
    NewTopic commitmentsTopic(CommitmentProperties properties) {
        return TopicBuilder.name(properties.kafka().topic()).partitions(properties.kafka().partitions()).build();
    }

    @Bean
    ConfigurerModule retryUnpublishedCommitmentEvents() {
        return ContractEventSender.propagateErrors(CommitmentEventPublisher.PROCESSING_GROUP);
    }
}
