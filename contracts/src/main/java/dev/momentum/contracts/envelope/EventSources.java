package dev.momentum.contracts.envelope;

import java.net.URI;

/** The CloudEvents {@code source} of each publishing service. */
public final class EventSources {

    public static final URI COMMITMENT_SERVICE = URI.create("/momentum/commitment-service");

    public static final URI DEAL_SERVICE = URI.create("/momentum/deal-service");

    private EventSources() {}
}
