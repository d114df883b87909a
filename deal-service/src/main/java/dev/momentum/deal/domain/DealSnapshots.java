package dev.momentum.deal.domain;

import dev.momentum.deal.DealProperties;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of {@link Deal}: every commitment fact is a command that loads its deal, so without them the cost of
 * a fact grew with the deal's history (the whole history replayed each time). A deal is now loaded from its
 * latest snapshot plus the events after it; one is taken every {@code momentum.deals.snapshot-every} events.
 */
@Configuration
class DealSnapshots {

    static final String TRIGGER = "dealSnapshotTrigger";

    /**
     * The shape of a stored {@link Deal}: change it with the aggregate's fields. A snapshot of another revision is
     * ignored (Axon's revision filter), and the deal is loaded from its events.
     */
    static final String REVISION = "1";

    @Bean(TRIGGER)
    SnapshotTriggerDefinition dealSnapshotTrigger(Snapshotter snapshotter, DealProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotEvery());
    }
}
