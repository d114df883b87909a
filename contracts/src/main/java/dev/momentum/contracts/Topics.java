package dev.momentum.contracts;

/**
 * The Kafka topics of the contract. Records are keyed by deal id so that all events of a deal,
 * commitments included, are ordered on one partition of each topic.
 */
public final class Topics {

    public static final String COMMITMENTS = "momentum.commitments.v1";

    public static final String DEALS = "momentum.deals.v1";

    /**
     * The partition count services create the topics with unless configured otherwise. Changing it
     * on a live topic moves deals to other partitions and breaks per-deal ordering across the change.
     */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {}
}
