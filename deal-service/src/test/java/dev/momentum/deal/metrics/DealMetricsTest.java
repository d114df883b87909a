package dev.momentum.deal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.deal.StallReason;
import dev.momentum.deal.domain.Commands.ChangeStage;
import dev.momentum.deal.domain.Commands.ImportDealHistory;
import dev.momentum.deal.domain.Events.DealRevived;
import dev.momentum.deal.domain.Events.DealStalled;
import dev.momentum.support.metrics.BusinessCounters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

/** Stalls and revivals are counted once their unit of work commits, by origin and reason, never per deal. */
class DealMetricsTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DealMetrics metrics = new DealMetrics(new BusinessCounters(registry));

    @Test
    void everySeriesIsScrapedAtZeroBeforeItsFirstEvent() {
        // a series that first appears at 1 is invisible to increase() and rate(): its first event would be missed
        assertThat(registry.find("momentum.deals.revived").counters()).hasSize(2)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.find("momentum.deals.stalled").counters()).extracting(c -> c.getId().getTag("origin"))
                .containsExactlyInAnyOrder("live", "import");
        assertThat(registry.find("momentum.deals.stall.reasons").counters()).hasSize(2 * StallReason.values().length)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void aStallIsCountedAfterTheCommitWithEachOfItsReasons() {
        UnitOfWork<?> command = DefaultUnitOfWork.startAndGet(
                GenericCommandMessage.asCommandMessage(new ChangeStage("acme", "D-1", "learn", T)));
        metrics.on(new DealStalled("acme", "D-1", "buyer-journey", "learn", T,
                List.of(StallReason.INACTIVITY, StallReason.CLOSE_DATE_PUSHED), T));
        assertThat(registry.get("momentum.deals.stalled").counter().count()).isZero();
        command.commit();

        assertThat(registry.get("momentum.deals.stalled").tags("origin", "live").counter().count()).isEqualTo(1);
        assertThat(registry.get("momentum.deals.stall.reasons").tags("reason", "INACTIVITY", "origin", "live").counter().count()).isEqualTo(1);
        assertThat(registry.get("momentum.deals.stall.reasons").tags("reason", "CLOSE_DATE_PUSHED", "origin", "live").counter().count())
                .isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .extracting(tag -> tag.getKey()).isSubsetOf("origin", "reason"));
    }

    @Test
    void aRolledBackRevivalIsNotCountedAndAnImportedOneIsCountedAsImport() {
        UnitOfWork<?> failed = DefaultUnitOfWork.startAndGet(
                GenericCommandMessage.asCommandMessage(new ChangeStage("acme", "D-1", "learn", T)));
        metrics.on(new DealRevived("acme", "D-1", "buyer-journey", "learn", T, T));
        failed.rollback();

        UnitOfWork<?> imported = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(
                new ImportDealHistory("acme", "D-2", null, "buyer-journey", List.of("learn"), "learn", null, T,
                        null, null, null, "fingerprint")));
        metrics.on(new DealRevived("acme", "D-2", "buyer-journey", "learn", T, T));
        imported.commit();

        assertThat(registry.find("momentum.deals.revived").tags("origin", "live").counter()).isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.get("momentum.deals.revived").tags("origin", "import").counter().count()).isEqualTo(1);
    }
}
