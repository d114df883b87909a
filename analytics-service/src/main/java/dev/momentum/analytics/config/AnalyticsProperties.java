package dev.momentum.analytics.config;

import dev.momentum.contracts.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the analytics-service ({@code momentum.analytics.*}).
 *
 * @param kafka           what is consumed and where poison messages go
 * @param indexPrefix     prefix of the Elasticsearch aliases ({@code <prefix>-facts}, {@code -deals},
 *                        {@code -visits}, {@code -commitments}, {@code -ledger}); the indices behind them are versioned
 * @param defaultPipeline the pipeline queries report on when the request names none
 * @param coordination    how the instances keep their live projections out of a rebuild
 * @param refreshInterval how soon what the projection wrote is seen by queries: Elasticsearch refreshes the
 *                        live indices this often (the projection itself never refreshes: it reads a deal's facts by
 *                        id, in real time, from {@code <prefix>-ledger})
 * @param maxLedgerSize   the most one deal's facts may take in its ledger (one document, written again whole with
 *                        each batch that touches the deal): facts beyond it are dead-lettered
 *                        ({@code LEDGER_TOO_LARGE}) rather than stall the projection on a document Elasticsearch
 *                        cannot take
 */
@ConfigurationProperties("momentum.analytics")
public record AnalyticsProperties(
        @DefaultValue Kafka kafka,
        @DefaultValue("momentum") String indexPrefix,
        @DefaultValue("buyer-journey") String defaultPipeline,
        @DefaultValue Coordination coordination,
        @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("16MB") DataSize maxLedgerSize) {

    /**
     * Every instance writes a heartbeat to {@code <prefix>-coordination}; a rebuild waits until every instance with
     * a fresh heartbeat paused its live projection.
     *
     * @param heartbeatInterval how often an instance writes its heartbeat and looks for a rebuild (also how soon
     *                          its listener pauses and resumes)
     * @param instanceTimeout   an instance whose heartbeat is older is taken for dead: a rebuild no longer waits
     *                          for it, and a rebuild whose instance stopped renewing it is abandoned
     */
    public record Coordination(
            @DefaultValue("1s") Duration heartbeatInterval,
            @DefaultValue("10s") Duration instanceTimeout) {
    }

    /**
     * @param commitmentsTopic the contract topic of commitment events
     * @param dealsTopic       the contract topic of deal events
     * @param groupId          consumer group of the projection
     * @param dltTopic         where records that cannot be decoded and facts Elasticsearch refuses for good go,
     *                         with the reason in headers
     * @param maxPollRecords   records per batch; one batch = one bulk of facts + one recompute
     * @param batchMinBytes    a poll waits for this much data (or {@code batchMaxWait}) before it answers: every
     *                         batch costs Elasticsearch a read of its deals' ledgers and two bulk requests whatever its
     *                         size, so under load fewer, fuller batches cost far less per event
     * @param batchMaxWait     how long a poll waits for {@code batchMinBytes}: what a record may lose in freshness
     *                         when few arrive
     * @param concurrency      consumers of the projection in this instance, each with its share of the partitions
     *                         (a deal's events share a partition, so one consumer projects a deal)
     */
    public record Kafka(
            @DefaultValue(Topics.COMMITMENTS) String commitmentsTopic,
            @DefaultValue(Topics.DEALS) String dealsTopic,
            @DefaultValue("analytics") String groupId,
            @DefaultValue(Topics.ANALYTICS_SERVICE_DLT) String dltTopic,
            @DefaultValue("1000") int maxPollRecords,
            @DefaultValue("64KB") DataSize batchMinBytes,
            @DefaultValue("200ms") Duration batchMaxWait,
            @DefaultValue("1") int concurrency) {
    }
}
