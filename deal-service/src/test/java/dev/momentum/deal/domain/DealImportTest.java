package dev.momentum.deal.domain;

import static dev.momentum.deal.domain.DealFixtures.CLOSE_ON;
import static dev.momentum.deal.domain.DealFixtures.INACTIVITY;
import static dev.momentum.deal.domain.DealFixtures.NOW;
import static dev.momentum.deal.domain.DealFixtures.PIPELINE;
import static dev.momentum.deal.domain.DealFixtures.STAGES;
import static dev.momentum.deal.domain.DealFixtures.TENANT;
import static dev.momentum.deal.domain.DealFixtures.TERMS;
import static dev.momentum.deal.domain.DealFixtures.buyerMissed;
import static dev.momentum.deal.domain.DealFixtures.checkScheduled;
import static dev.momentum.deal.domain.DealFixtures.eventsLike;
import static dev.momentum.deal.domain.DealFixtures.expectedCloseChanged;
import static dev.momentum.deal.domain.DealFixtures.recorded;
import static dev.momentum.deal.domain.DealFixtures.stageChanged;
import static dev.momentum.deal.domain.DealFixtures.stalled;

import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.deal.StallReason;
import dev.momentum.deal.domain.Commands.ExpectedCloseStep;
import dev.momentum.deal.domain.Commands.ImportDealHistory;
import dev.momentum.deal.domain.Commands.OpenOutcome;
import dev.momentum.deal.domain.Commands.Outcome;
import dev.momentum.deal.domain.Commands.StageStep;
import dev.momentum.deal.domain.Events.DealClosed;
import dev.momentum.deal.domain.Events.DealOpened;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** History imports go through the same rules as live commands; stalls follow from the policy, none are imported. */
class DealImportTest {

    private static final Instant T0 = NOW.minus(Duration.ofDays(90));

    private AggregateTestFixture<Deal> fixture;

    @BeforeEach
    void setUp() {
        fixture = DealFixtures.fixture();
    }

    private static ImportDealHistory history(List<StageStep> stages, List<ExpectedCloseStep> closeChanges,
                                             Outcome outcome, String fingerprint) {
        return new ImportDealHistory(TENANT, DealFixtures.ID, TERMS, PIPELINE, STAGES, STAGES.get(0), CLOSE_ON, T0,
                stages, closeChanges, outcome, fingerprint);
    }

    private static DealOpened importedOpen(String fingerprint) {
        return new DealOpened(TENANT, DealFixtures.ID, TERMS, PIPELINE, STAGES, STAGES.get(0), CLOSE_ON, T0, fingerprint);
    }

    @Test
    void aClosedHistoryGivesTheEventsOfLivingItInBusinessTimeOrder() {
        Instant learn = T0.plus(Duration.ofDays(5));
        Instant push = T0.plus(Duration.ofDays(6));
        Instant evaluate = T0.plus(Duration.ofDays(40)); // an inactivity stall in between: not imported
        Instant won = T0.plus(Duration.ofDays(50));
        fixture.givenNoPriorActivity()
                .when(history(List.of(new StageStep("EVALUATE", evaluate), new StageStep("LEARN", learn)),
                        List.of(new ExpectedCloseStep(CLOSE_ON.plusDays(7), push)),
                        new Outcome(DealOutcome.WON, won, "signed", null), "fp-1"))
                .expectResultMessagePayload(OpenOutcome.CREATED)
                .expectEventsMatching(eventsLike(importedOpen("fp-1"),
                        stageChanged("DEFINE_GOALS", "LEARN", StageChange.ADVANCED, learn),
                        expectedCloseChanged("LEARN", CLOSE_ON, CLOSE_ON.plusDays(7), push),
                        stageChanged("LEARN", "EVALUATE", StageChange.ADVANCED, evaluate),
                        new DealClosed(TENANT, DealFixtures.ID, PIPELINE, "EVALUATE", DealOutcome.WON, "signed", null, won)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void anOpenHistoryWithoutRecentProgressIsStalledNow() {
        Instant learn = T0.plus(Duration.ofDays(5));
        fixture.givenNoPriorActivity()
                .when(history(List.of(new StageStep("LEARN", learn)), List.of(), null, "fp-1"))
                .expectEventsMatching(eventsLike(importedOpen("fp-1"),
                        stageChanged("DEFINE_GOALS", "LEARN", StageChange.ADVANCED, learn),
                        stalled("LEARN", learn.plus(INACTIVITY), NOW, StallReason.INACTIVITY)));
    }

    @Test
    void aRecentOpenHistoryGetsItsInactivityCheck() {
        Instant learn = NOW.minus(Duration.ofDays(1));
        fixture.givenNoPriorActivity()
                .when(history(List.of(new StageStep("LEARN", learn)), List.of(), null, "fp-1"))
                .expectEventsMatching(eventsLike(importedOpen("fp-1"),
                        stageChanged("DEFINE_GOALS", "LEARN", StageChange.ADVANCED, learn),
                        checkScheduled(learn.plus(INACTIVITY))));
    }

    @Test
    void commitmentFactsAlreadyKnownCountInTheImportedHistory() {
        Instant learn = NOW.minus(Duration.ofDays(2));
        var first = buyerMissed("ce-1", "c-1", NOW.minus(Duration.ofDays(1)));
        var second = buyerMissed("ce-2", "c-2", NOW.minus(Duration.ofHours(1)));
        fixture.given(recorded(first), recorded(second))
                .when(history(List.of(new StageStep("LEARN", learn)), List.of(), null, "fp-1"))
                .expectEventsMatching(eventsLike(importedOpen("fp-1"),
                        stageChanged("DEFINE_GOALS", "LEARN", StageChange.ADVANCED, learn),
                        stalled("LEARN", second.at(), NOW, StallReason.MISSED_BUYER_COMMITMENTS)));
    }

    @Test
    void importingTheSameItemAgainChangesNothingAndAnotherItemUnderItsIdConflicts() {
        fixture.given(importedOpen("fp-1"))
                .when(history(List.of(), List.of(), null, "fp-1"))
                .expectResultMessagePayload(OpenOutcome.UNCHANGED)
                .expectNoEvents();
        fixture.given(importedOpen("fp-1"))
                .when(history(List.of(), List.of(), null, "fp-2"))
                .expectException(DealRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aChangeBeforeTheOpenIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(history(List.of(new StageStep("LEARN", T0.minusSeconds(1))), List.of(), null, "fp-1"))
                .expectException(InvalidDealException.class)
                .expectNoEvents();
    }

    @Test
    void anOutcomeBeforeTheLastChangeIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(history(List.of(new StageStep("LEARN", T0.plus(Duration.ofDays(3)))), List.of(),
                        new Outcome(DealOutcome.LOST, T0.plus(Duration.ofDays(2)), null, null), "fp-1"))
                .expectException(InvalidDealException.class)
                .expectNoEvents();
    }

    @Test
    void aStageOutsideTheDealsStagesIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(history(List.of(new StageStep("Negotiation", T0.plus(Duration.ofDays(3)))), List.of(), null, "fp-1"))
                .expectException(InvalidDealException.class)
                .expectNoEvents();
    }
}
