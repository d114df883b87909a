package dev.momentum.contracts;

import java.util.List;

/**
 * The Kafka topics of the contract. Records are keyed by deal id so that all events of a deal,
 * commitments included, are ordered on one partition of each topic.
 *
 * <p>Also the names of the services' own dead-letter topics: they are not part of the event
 * contract (integrators never read them), but every place that creates topics (the services, the
 * local stack, the test stack, Docker Compose) needs them.
 */
public final class Topics {

    public static final String COMMITMENTS = "momentum.commitments.v1";

    public static final String DEALS = "momentum.deals.v1";

    /** The contract topics, each carrying one aggregate's events. */
    public static final List<String> CONTRACT = List.of(COMMITMENTS, DEALS);

    /**
     * The commitment-service's dead letters: commitment events it could never publish (they break
     * the contract, or Kafka refuses them for good), with the reason in {@code kafka_dlt-*} headers.
     */
    public static final String COMMITMENT_SERVICE_DLT = "momentum.commitments.dlt";

    /**
     * The deal-service's dead letters: deal events it could never publish, and records of
     * {@link #COMMITMENTS} it could never consume.
     */
    public static final String DEAL_SERVICE_DLT = "momentum.deals.dlt";

    /** The analytics-service's dead letters: records it could never decode or Elasticsearch rejected. */
    public static final String ANALYTICS_SERVICE_DLT = "momentum.analytics.dlt";

    /** Every service's dead-letter topic: each service writes only its own. */
    public static final List<String> DEAD_LETTER = List.of(COMMITMENT_SERVICE_DLT, DEAL_SERVICE_DLT, ANALYTICS_SERVICE_DLT);

    /**
     * The partition count services create the topics with unless configured otherwise. Changing it
     * on a live topic moves deals to other partitions and breaks per-deal ordering across the change.
     */
    public static final int DEFAULT_PARTITIONS = 6;

    /** Dead letters are few, and one partition keeps them in the order they were written. */
    public static final int DEAD_LETTER_PARTITIONS = 1;

    /**
     * {@code retention.ms} of every Momentum topic: {@code -1}, kept forever. The contract topics are
     * the history every consumer (and a rebuild of the analytics) starts from, and a dead letter must
     * stay until an operator has dealt with it. The broker's default (7 days) would silently drop both.
     */
    public static final String RETENTION_MS = "-1";

    private Topics() {}
}
