package dev.momentum.contracts.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A public Momentum event payload (the CloudEvent {@code data}).
 *
 * <p>Unknown properties are ignored on read and nulls are omitted on write even with a mapper
 * other than {@code ContractJson}'s, because v1 may gain optional fields at any time.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface MomentumEvent permits CommitmentEvent, DealEvent {

    /** The tenant (selling company) the event belongs to; consumers must partition data by it. */
    String tenantId();

    /** The deal the event concerns; also the Kafka record key, so a deal's events stay in order. */
    String dealId();

    /** The id of the aggregate that emitted the event; also the CloudEvent {@code subject}. */
    String aggregateId();

    /** The 0-based position of the event in its aggregate's stream; lets consumers drop stale states. */
    long sequence();

    /** When the event happened in the business (e.g. when the buyer kept the commitment). */
    Instant occurredAt();
}
