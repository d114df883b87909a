package dev.momentum.deal.domain;

import java.util.List;

/** The pipeline every tenant has: what the buyer has to get done, in order. */
public final class Pipelines {

    public static final String BUYER_JOURNEY = "buyer-journey";

    public static final List<String> BUYER_JOURNEY_STAGES = List.of("DEFINE_GOALS", "LEARN", "ENGAGE_STAKEHOLDERS",
            "EVALUATE", "ASSESS_RISKS", "BUILD_CONSENSUS", "DECIDE");

    private Pipelines() {
    }
}
