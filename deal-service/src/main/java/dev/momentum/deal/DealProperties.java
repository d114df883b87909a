package dev.momentum.deal;

import dev.momentum.contracts.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the deal-service ({@code momentum.deals.*}).
 *
 * @param commitmentsTopic the contract topic the commitment facts are read from
 * @param kafka            where the deal events are published
 * @param snapshotEvery    a deal is loaded from its latest snapshot plus the events after it; one is taken
 *                         after this many events since the last. Every commitment fact of a deal is a command
 *                         that loads it, so without snapshots a fact costs a replay of the deal's whole history.
 */
@ConfigurationProperties("momentum.deals")
public record DealProperties(
        @DefaultValue(Topics.COMMITMENTS) String commitmentsTopic,
        @DefaultValue Kafka kafka,
        @DefaultValue("25") int snapshotEvery) {

    /**
     * @param topic      the contract topic for deal events
     * @param partitions partitions when the service creates the topic
     * @param dltTopic   where the deal events that can never be published and the commitment records
     *                   that can never be consumed go, with the reason in headers
     */
    public record Kafka(@DefaultValue(Topics.DEALS) String topic, @DefaultValue("6") int partitions,
                        @DefaultValue(Topics.DEAL_SERVICE_DLT) String dltTopic) {
    }

}
