package dev.momentum.deal.domain;

import static dev.momentum.deal.domain.DealFixtures.CLOSE_ON;
import static dev.momentum.deal.domain.DealFixtures.INACTIVITY;
import static dev.momentum.deal.domain.DealFixtures.NOW;
import static dev.momentum.deal.domain.DealFixtures.OPENED_AT;
import static dev.momentum.deal.domain.DealFixtures.STAGES;
import static dev.momentum.deal.domain.DealFixtures.TENANT;
import static dev.momentum.deal.domain.DealFixtures.TERMS;
import static dev.momentum.deal.domain.DealFixtures.buyerMissed;
import static dev.momentum.deal.domain.DealFixtures.changeExpectedClose;
import static dev.momentum.deal.domain.DealFixtures.changeStage;
import static dev.momentum.deal.domain.DealFixtures.checkCancelled;
import static dev.momentum.deal.domain.DealFixtures.checkScheduled;
import static dev.momentum.deal.domain.DealFixtures.close;
import static dev.momentum.deal.domain.DealFixtures.closed;
import static dev.momentum.deal.domain.DealFixtures.eventsLike;
import static dev.momentum.deal.domain.DealFixtures.expectedCloseChanged;
import static dev.momentum.deal.domain.DealFixtures.kept;
import static dev.momentum.deal.domain.DealFixtures.open;
import static dev.momentum.deal.domain.DealFixtures.opened;
import static dev.momentum.deal.domain.DealFixtures.record;
import static dev.momentum.deal.domain.DealFixtures.recorded;
import static dev.momentum.deal.domain.DealFixtures.revived;
import static dev.momentum.deal.domain.DealFixtures.sellerMissed;
import static dev.momentum.deal.domain.DealFixtures.stageChanged;
import static dev.momentum.deal.domain.DealFixtures.stallCheckAt;
import static dev.momentum.deal.domain.DealFixtures.stalled;

import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.deal.StallReason;
import dev.momentum.deal.domain.Commands.OpenDeal;
import dev.momentum.deal.domain.Commands.OpenOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules of a deal: opening, stages, close dates, closing, commitment facts and stall detection. */
class DealTest {

    private static final Instant CHECK_AT = OPENED_AT.plus(INACTIVITY);

    private AggregateTestFixture<Deal> fixture;

    @BeforeEach
    void setUp() {
        fixture = DealFixtures.fixture();
    }

    private Object[] openDeal() {
        return new Object[] {opened(OPENED_AT), checkScheduled(CHECK_AT, "check-1")};
    }

    @Nested
    @DisplayName("opening a deal")
    class Opening {

        @Test
        void opensInTheGivenStageAndSchedulesTheInactivityCheck() {
            fixture.givenNoPriorActivity()
                    .when(open(OPENED_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(OpenOutcome.CREATED)
                    .expectEventsMatching(eventsLike(opened(OPENED_AT), checkScheduled(CHECK_AT)))
                    .expectScheduledDeadlineMatching(CHECK_AT, stallCheckAt(CHECK_AT));
        }

        @Test
        void occurredAtDefaultsToNow() {
            fixture.givenNoPriorActivity()
                    .when(open(null))
                    .expectEventsMatching(eventsLike(opened(NOW), checkScheduled(NOW.plus(INACTIVITY))));
        }

        @Test
        void theSameOpenAgainIsAHarmlessRetry() {
            fixture.given(openDeal())
                    .when(open(OPENED_AT))
                    .expectResultMessagePayload(OpenOutcome.UNCHANGED)
                    .expectNoEvents();
            fixture.given(openDeal())
                    .when(open(null))
                    .expectResultMessagePayload(OpenOutcome.UNCHANGED)
                    .expectNoEvents();
        }

        @Test
        void otherContentUnderTheSameIdConflicts() {
            fixture.given(openDeal())
                    .when(new OpenDeal(TENANT, DealFixtures.ID, new DealTerms("Other", null, null, null, null, null),
                            DealFixtures.PIPELINE, STAGES, STAGES.get(0), CLOSE_ON, OPENED_AT))
                    .expectException(DealRuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void aStageOutsideThePipelineIsInvalid() {
            fixture.givenNoPriorActivity()
                    .when(new OpenDeal(TENANT, DealFixtures.ID, TERMS, DealFixtures.PIPELINE, STAGES, "Prospecting",
                            null, OPENED_AT))
                    .expectException(InvalidDealException.class)
                    .expectNoEvents();
        }

        @Test
        void aDealOpenedLongerAgoThanTheThresholdIsStalledAtOnce() {
            Instant longAgo = NOW.minus(Duration.ofDays(20));
            fixture.givenNoPriorActivity()
                    .when(open(longAgo))
                    .expectEventsMatching(eventsLike(opened(longAgo),
                            stalled(STAGES.get(0), longAgo.plus(INACTIVITY), NOW, StallReason.INACTIVITY)))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void commitmentFactsThatCameFirstCountFromTheOpen() {
            CommitmentFact first = buyerMissed("ce-1", "c-1", OPENED_AT.minus(Duration.ofDays(3)));
            CommitmentFact second = buyerMissed("ce-2", "c-2", OPENED_AT.minus(Duration.ofDays(2)));
            fixture.given(recorded(first), recorded(second))
                    .when(open(OPENED_AT))
                    .expectResultMessagePayload(OpenOutcome.CREATED)
                    .expectEventsMatching(eventsLike(opened(OPENED_AT),
                            stalled(STAGES.get(0), OPENED_AT, NOW, StallReason.MISSED_BUYER_COMMITMENTS)));
        }
    }

    @Nested
    @DisplayName("changing the stage")
    class Stages {

        @Test
        void movingForwardIsAnAdvanceAndMovesTheInactivityCheck() {
            Instant at = NOW.minus(Duration.ofHours(2));
            fixture.given(openDeal())
                    .when(changeStage("EVALUATE", at))
                    .expectEventsMatching(eventsLike(
                            stageChanged("DEFINE_GOALS", "EVALUATE", StageChange.ADVANCED, at),
                            checkScheduled(at.plus(INACTIVITY))))
                    .expectScheduledDeadlineMatching(at.plus(INACTIVITY), stallCheckAt(at.plus(INACTIVITY)));
        }

        @Test
        void movingBackIsARevisit() {
            fixture.given(opened(OPENED_AT), stageChanged("DEFINE_GOALS", "EVALUATE", StageChange.ADVANCED, OPENED_AT),
                            checkScheduled(CHECK_AT, "check-1"))
                    .when(changeStage("LEARN", NOW))
                    .expectEventsMatching(eventsLike(
                            stageChanged("EVALUATE", "LEARN", StageChange.REGRESSED, NOW),
                            checkScheduled(NOW.plus(INACTIVITY))));
        }

        @Test
        void theCurrentStageAgainChangesNothing() {
            fixture.given(openDeal())
                    .when(changeStage("DEFINE_GOALS", NOW))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        /** A retry of a stage change (same stage, same business time) after it was applied changes nothing. */
        @Test
        void theSameStageChangeAgainChangesNothing() {
            Instant at = NOW.minus(Duration.ofHours(2));
            fixture.given(openDeal())
                    .andGivenCommands(changeStage("EVALUATE", at))
                    .when(changeStage("EVALUATE", at))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aStageTheDealDoesNotHaveIsInvalid() {
            fixture.given(openDeal())
                    .when(changeStage("Negotiation", NOW))
                    .expectException(InvalidDealException.class)
                    .expectNoEvents();
        }

        @Test
        void businessTimeNeverGoesBackwards() {
            fixture.given(openDeal())
                    .when(changeStage("LEARN", OPENED_AT.minusSeconds(1)))
                    .expectException(DealRuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void aClosedDealDoesNotChange() {
            fixture.given(opened(OPENED_AT), closed("DEFINE_GOALS", DealOutcome.LOST, OPENED_AT))
                    .when(changeStage("LEARN", NOW))
                    .expectException(DealRuleViolation.class)
                    .expectNoEvents();
        }

        @Test
        void aDealKnownOnlyFromCommitmentFactsDoesNotExistYet() {
            fixture.given(recorded(buyerMissed("ce-1", "c-1", OPENED_AT)))
                    .when(changeStage("LEARN", NOW))
                    .expectException(DealNotFoundException.class)
                    .expectNoEvents();
        }

        @Test
        void anUnknownDealIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(changeStage("LEARN", NOW))
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    @DisplayName("the expected close date")
    class ExpectedClose {

        @Test
        void anEarlierDateIsNoPush() {
            LocalDate earlier = CLOSE_ON.minusDays(10);
            fixture.given(openDeal())
                    .when(changeExpectedClose(earlier, NOW))
                    .expectEventsMatching(eventsLike(expectedCloseChanged("DEFINE_GOALS", CLOSE_ON, earlier, NOW)));
        }

        @Test
        void theSecondPushSinceTheLastProgressStallsTheDeal() {
            LocalDate first = CLOSE_ON.plusDays(30);
            LocalDate second = CLOSE_ON.plusDays(60);
            Instant firstAt = OPENED_AT.plus(Duration.ofHours(1));
            fixture.given(opened(OPENED_AT), checkScheduled(CHECK_AT, "check-1"),
                            expectedCloseChanged("DEFINE_GOALS", CLOSE_ON, first, firstAt))
                    .when(changeExpectedClose(second, NOW))
                    .expectEventsMatching(eventsLike(
                            expectedCloseChanged("DEFINE_GOALS", first, second, NOW),
                            stalled("DEFINE_GOALS", NOW, NOW, StallReason.CLOSE_DATE_PUSHED),
                            checkCancelled()));
        }

        @Test
        void theSameDateAgainChangesNothing() {
            fixture.given(openDeal())
                    .when(changeExpectedClose(CLOSE_ON, NOW))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    @DisplayName("closing")
    class Closing {

        @Test
        void closingEndsTheInactivityCheck() {
            fixture.given(openDeal())
                    .when(close(DealOutcome.WON, NOW))
                    .expectEventsMatching(eventsLike(closed("DEFINE_GOALS", DealOutcome.WON, NOW), checkCancelled()))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void closingAStalledDealEndsTheEpisodeWithoutARevival() {
            Instant since = OPENED_AT.plus(Duration.ofHours(2));
            fixture.given(opened(OPENED_AT), stalled("DEFINE_GOALS", since, since, StallReason.CLOSE_DATE_PUSHED),
                            checkCancelled())
                    .when(close(DealOutcome.NO_DECISION, NOW))
                    .expectEventsMatching(eventsLike(closed("DEFINE_GOALS", DealOutcome.NO_DECISION, NOW)));
        }

        @Test
        void theSameCloseAgainIsAHarmlessRetry() {
            fixture.given(opened(OPENED_AT), closed("DEFINE_GOALS", DealOutcome.WON, NOW))
                    .when(close(DealOutcome.WON, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anotherCloseOfAClosedDealConflictsNamingItsOutcome() {
            fixture.given(opened(OPENED_AT), closed("DEFINE_GOALS", DealOutcome.WON, NOW))
                    .when(close(DealOutcome.LOST, null))
                    .expectException(org.axonframework.test.matchers.Matchers.predicate(
                            e -> e instanceof DealRuleViolation violation && "WON".equals(violation.currentStatus())))
                    .expectNoEvents();
        }

        @Test
        void aClosedDealsExpectedCloseDateDoesNotChange() {
            fixture.given(opened(OPENED_AT), closed("DEFINE_GOALS", DealOutcome.WON, OPENED_AT))
                    .when(changeExpectedClose(CLOSE_ON.plusDays(1), NOW))
                    .expectException(DealRuleViolation.class)
                    .expectNoEvents();
        }
    }

    @Nested
    @DisplayName("commitment facts")
    class CommitmentFacts {

        @Test
        void aFactBeforeTheDealExistsIsKeptForIt() {
            CommitmentFact fact = buyerMissed("ce-1", "c-1", NOW);
            fixture.givenNoPriorActivity()
                    .when(record(fact))
                    .expectEventsMatching(eventsLike(recorded(fact)));
        }

        @Test
        void theSameFactTwiceIsOneFact() {
            CommitmentFact fact = buyerMissed("ce-1", "c-1", NOW);
            fixture.given(opened(OPENED_AT), checkScheduled(CHECK_AT, "check-1"), recorded(fact))
                    .when(record(fact))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void theSecondBuyerMissStallsTheDealAndAKeptCommitmentRevivesIt() {
            CommitmentFact first = buyerMissed("ce-1", "c-1", OPENED_AT.plus(Duration.ofHours(1)));
            CommitmentFact second = buyerMissed("ce-2", "c-2", OPENED_AT.plus(Duration.ofHours(2)));
            fixture.given(opened(OPENED_AT), checkScheduled(CHECK_AT, "check-1"), recorded(first))
                    .when(record(second))
                    .expectEventsMatching(eventsLike(recorded(second),
                            stalled("DEFINE_GOALS", second.at(), NOW, StallReason.MISSED_BUYER_COMMITMENTS),
                            checkCancelled()));

            CommitmentFact keptLate = kept("ce-3", "c-1", NOW.minus(Duration.ofHours(1)));
            fixture.given(opened(OPENED_AT), checkScheduled(CHECK_AT, "check-1"), recorded(first), recorded(second),
                            stalled("DEFINE_GOALS", second.at(), NOW, StallReason.MISSED_BUYER_COMMITMENTS),
                            checkCancelled())
                    .when(record(keptLate))
                    .expectEventsMatching(eventsLike(recorded(keptLate),
                            revived("DEFINE_GOALS", second.at(), NOW),
                            checkScheduled(keptLate.at().plus(INACTIVITY))));
        }

        @Test
        void aLateFactFromBeforeTheStallDoesNotRevive() {
            CommitmentFact first = buyerMissed("ce-1", "c-1", OPENED_AT.plus(Duration.ofHours(2)));
            CommitmentFact second = buyerMissed("ce-2", "c-2", OPENED_AT.plus(Duration.ofHours(3)));
            CommitmentFact earlierKept = kept("ce-0", "c-0", OPENED_AT.plus(Duration.ofHours(1)));
            fixture.given(opened(OPENED_AT), recorded(first), recorded(second),
                            stalled("DEFINE_GOALS", second.at(), NOW, StallReason.MISSED_BUYER_COMMITMENTS))
                    .when(record(earlierKept))
                    .expectEventsMatching(eventsLike(recorded(earlierKept)));
        }

        @Test
        void sellerMissesNeverStallTheDeal() {
            CommitmentFact first = sellerMissed("ce-1", "c-1", OPENED_AT.plus(Duration.ofHours(1)));
            CommitmentFact second = sellerMissed("ce-2", "c-2", OPENED_AT.plus(Duration.ofHours(2)));
            fixture.given(opened(OPENED_AT), checkScheduled(CHECK_AT, "check-1"), recorded(first))
                    .when(record(second))
                    .expectEventsMatching(eventsLike(recorded(second)));
        }

        @Test
        void factsAboutAClosedDealAreItsHistoryOnly() {
            CommitmentFact first = buyerMissed("ce-1", "c-1", OPENED_AT.plus(Duration.ofHours(1)));
            CommitmentFact second = buyerMissed("ce-2", "c-2", OPENED_AT.plus(Duration.ofHours(2)));
            fixture.given(opened(OPENED_AT), closed("DEFINE_GOALS", DealOutcome.LOST, NOW), recorded(first))
                    .when(record(second))
                    .expectEventsMatching(eventsLike(recorded(second)));
        }
    }

    @Nested
    @DisplayName("the inactivity deadline")
    class Inactivity {

        @Test
        void withoutProgressTheDealStallsWhenTheThresholdIsReached() {
            fixture.givenNoPriorActivity()
                    .andGivenCommands(open(NOW))
                    .whenTimeElapses(INACTIVITY.plusSeconds(1))
                    .expectDeadlinesMetMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                            org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                    org.hamcrest.Matchers.equalTo(new StallCheck(NOW.plus(INACTIVITY))),
                                    org.axonframework.test.matchers.Matchers.andNoMore())))
                    .expectEventsMatching(eventsLike(
                            stalled("DEFINE_GOALS", NOW.plus(INACTIVITY), NOW.plus(INACTIVITY), StallReason.INACTIVITY),
                            checkCancelled()));
        }

        @Test
        void progressMovesTheDeadline() {
            // opened 10 days ago: check in 4 days; the stage change now moves it to 14 days from now
            fixture.givenNoPriorActivity()
                    .andGivenCommands(open(NOW.minus(Duration.ofDays(10))))
                    .andGivenCommands(changeStage("LEARN", null))
                    .whenTimeElapses(Duration.ofDays(5))
                    .expectNoEvents()
                    .expectScheduledDeadlineMatching(NOW.plus(INACTIVITY), stallCheckAt(NOW.plus(INACTIVITY)));
        }

        @Test
        void aLeftoverDeadlineDoesNothing() {
            fixture.given(opened(OPENED_AT), checkScheduled(NOW.plus(Duration.ofDays(3)), "check-2"))
                    .whenThenTimeElapses(Duration.ZERO)
                    .expectNoEvents();
        }
    }

    @Test
    void theDefaultPipelineFollowsTheBuyer() {
        org.assertj.core.api.Assertions.assertThat(Pipelines.BUYER_JOURNEY_STAGES).containsExactly("DEFINE_GOALS",
                "LEARN", "ENGAGE_STAKEHOLDERS", "EVALUATE", "ASSESS_RISKS", "BUILD_CONSENSUS", "DECIDE");
        org.assertj.core.api.Assertions.assertThat(List.copyOf(STAGES)).isEqualTo(Pipelines.BUYER_JOURNEY_STAGES);
    }
}
