package dev.momentum.commitment.messaging;

import dev.momentum.commitment.CommitmentProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
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

    /**
     * The default error handler logs and goes on, which would skip an unpublished event. Propagating
     * makes the processor retry the same event with back-off instead.
     */
    @Bean
    ConfigurerModule retryUnpublishedEvents() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                CommitmentEventPublisher.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
