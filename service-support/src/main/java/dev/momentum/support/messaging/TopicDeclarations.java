package dev.momentum.support.messaging;

import dev.momentum.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics a service declares as {@link NewTopic} beans, so that Spring's {@code KafkaAdmin}
 * creates them at start when they are missing, with their partitions and retention. With
 * {@code spring.kafka.admin.modify-topic-configs=true} (every service sets it) it also puts the
 * retention back on an existing topic that has another one; it never lowers a partition count.
 */
public final class TopicDeclarations {

    private TopicDeclarations() {
    }

    /** A contract topic: the whole history is kept ({@code retention.ms=-1}). */
    public static NewTopic contractTopic(String name, int partitions) {
        return TopicBuilder.name(name).partitions(partitions)
                .config(TopicConfig.RETENTION_MS_CONFIG, Topics.RETENTION_MS).build();
    }

    /** A dead-letter topic: one partition, kept until an operator deletes it. */
    public static NewTopic deadLetterTopic(String name) {
        return TopicBuilder.name(name).partitions(Topics.DEAD_LETTER_PARTITIONS)
                .config(TopicConfig.RETENTION_MS_CONFIG, Topics.RETENTION_MS).build();
    }
}
