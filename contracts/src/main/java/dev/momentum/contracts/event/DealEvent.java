package dev.momentum.contracts.event;

/** An event of one deal; the deal is its own aggregate, so {@link #aggregateId()} is the deal id. */
public sealed interface DealEvent extends MomentumEvent
        permits DealOpened, DealStageChanged, DealExpectedCloseChanged, DealStalled, DealRevived, DealClosed {

    /** The pipeline the deal runs in. */
    String pipeline();

    /** The deal's stage after this event. */
    String stage();

    @Override
    default String aggregateId() {
        return dealId();
    }
}
