package dev.momentum.analytics.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.EventType;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentRenegotiated;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.journey.CommitmentOutcome;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.contracts.journey.VisitExit;
import dev.momentum.contracts.json.ContractJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JourneyBuilderTest {

    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    static final List<String> STAGES = List.of("Qualification", "Discovery", "Evaluation");
    static final Party CHAMPION = Party.buyer(Role.CHAMPION, "Dana");
    static final Party AE = Party.seller(Role.ACCOUNT_EXECUTIVE, "Marco");

    final JourneyBuilder builder = new JourneyBuilder(StallPolicy.withDefaults());

    @Test
    void visitsExitsDwellAndMissesComeFromTheFactsWhateverTheirOrder() throws Exception {
        List<FactDoc> facts = new ArrayList<>(List.of(
                fact("d0", new DealOpened("t", "d", 0, T0, "Deal", null, "ENT", null, null, "bob", "p", STAGES, "Qualification", null)),
                fact("d1", new DealStageChanged("t", "d", 2, T0.plus(Duration.ofDays(3)), "p", "Qualification", "Discovery", StageChange.ADVANCED)),
                fact("d2", new DealStageChanged("t", "d", 3, T0.plus(Duration.ofDays(10)), "p", "Discovery", "Qualification", StageChange.REGRESSED)),
                fact("d3", new DealClosed("t", "d", 5, T0.plus(Duration.ofDays(12)), "p", "Qualification", DealOutcome.LOST, null, null)),
                fact("c0", new CommitmentMade("t", "d", "c", 0, T0.plus(Duration.ofDays(4)), CommitmentCategory.DEMO, CHAMPION, AE,
                        T0.plus(Duration.ofDays(5)), null)),
                fact("c1", new CommitmentMissed("t", "d", "c", 1, T0.plus(Duration.ofDays(5)), CommitmentCategory.DEMO, CHAMPION, AE,
                        T0.plus(Duration.ofDays(5)), "DUE_DATE_PASSED")),
                fact("c2", new CommitmentRenegotiated("t", "d", "c", 2, T0.plus(Duration.ofDays(6)), CommitmentCategory.DEMO, CHAMPION, AE,
                        T0.plus(Duration.ofDays(5)), T0.plus(Duration.ofDays(9)), 1, null)),
                fact("c3", new CommitmentKept("t", "d", "c", 3, T0.plus(Duration.ofDays(8)), CommitmentCategory.DEMO, CHAMPION, AE,
                        T0.plus(Duration.ofDays(9)), true, null))));
        JourneyBuilder.Derived reference = builder.build("t", "d", facts);
        assertThat(reference.visits()).extracting(VisitDoc::stage, VisitDoc::exit, VisitDoc::dwellDays).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Qualification", VisitExit.ADVANCED, 3.0),
                org.assertj.core.groups.Tuple.tuple("Discovery", VisitExit.REGRESSED, 7.0),
                org.assertj.core.groups.Tuple.tuple("Qualification", VisitExit.LOST, 2.0));
        assertThat(reference.visits().get(1).missedKeys()).containsExactly("Discovery|DEMO|BUYER_TO_SELLER|CHAMPION");
        // kept after a miss, but before the renegotiated (last) due date: KEPT
        assertThat(reference.commitments()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CommitmentOutcome.KEPT);
            assertThat(c.madeInStage()).isEqualTo("Discovery");
            assertThat(c.dueAt()).isEqualTo(T0.plus(Duration.ofDays(9)));
            assertThat(c.segment()).isEqualTo("ENT");
        });
        assertThat(reference.deal().open()).isFalse();
        assertThat(reference.deal().outcome()).isEqualTo("LOST");

        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            List<FactDoc> shuffled = new ArrayList<>(facts);
            shuffled.add(facts.get(random.nextInt(facts.size())));
            Collections.shuffle(shuffled, random);
            assertThat(builder.build("t", "d", shuffled)).isEqualTo(reference);
        }
    }

    @Test
    void anOpenDealStallsFromItsInactivityThresholdWithoutNewFacts() throws Exception {
        List<FactDoc> facts = List.of(
                fact("d0", new DealOpened("t", "d", 0, T0, "Deal", null, null, null, null, null, "p", STAGES, "Discovery", null)));
        JourneyBuilder.Derived derived = builder.build("t", "d", facts);
        assertThat(derived.visits()).singleElement().satisfies(v -> {
            assertThat(v.exit()).isEqualTo(VisitExit.OPEN);
            assertThat(v.dwellDays()).isNull();
            assertThat(v.stallStartAt()).isEqualTo(T0.plus(Duration.ofDays(14)));
            assertThat(v.stallReasons()).containsExactly("INACTIVITY");
        });
        assertThat(derived.deal().stallStartAt()).isEqualTo(T0.plus(Duration.ofDays(14)));
    }

    @Test
    void commitmentsWithoutTheirDealAreKeptUntilItOpens() throws Exception {
        JourneyBuilder.Derived derived = builder.build("t", "d", List.of(
                fact("c0", new CommitmentMade("t", "d", "c", 0, T0, CommitmentCategory.DEMO, AE, CHAMPION, T0.plus(Duration.ofDays(1)), null))));
        assertThat(derived.deal()).isNull();
        assertThat(derived.visits()).isEmpty();
        assertThat(derived.commitments()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CommitmentOutcome.OPEN);
            assertThat(c.pipeline()).isNull();
        });
    }

    static FactDoc fact(String id, MomentumEvent event) throws Exception {
        return new FactDoc(id, event.tenantId(), event.dealId(), FactDoc.dealKey(event.tenantId(), event.dealId()),
                EventType.of(event).ceType(), event.aggregateId(), event.sequence(), event.occurredAt(), event.occurredAt(),
                ContractJson.mapper().writeValueAsString(event));
    }
}
