package dev.momentum.commitment;

import dev.momentum.contracts.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the commitment-service ({@code momentum.commitments.*}).
 *
 * @param missGrace    an open commitment is missed automatically at {@code dueAt + missGrace}
 * @param kafka        where the events are published
 */
@ConfigurationProperties("momentum.commitments")
public record CommitmentProperties(
        @DefaultValue("PT0S") Duration missGrace,
        @DefaultValue Kafka kafka) {

    /**
     * @param topic      the contract topic for commitment events
     * @param partitions partitions when the service creates the topic
     * @param dltTopic   where the events that can never be published go, with the reason in headers
     */
    public record Kafka(@DefaultValue(Topics.COMMITMENTS) String topic, @DefaultValue("6") int partitions,
                        @DefaultValue(Topics.COMMITMENT_SERVICE_DLT) String dltTopic) {
    }
}
