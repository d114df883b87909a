package dev.momentum.commitment.domain;

import static dev.momentum.commitment.domain.CommitmentFixtures.AE;
import static dev.momentum.commitment.domain.CommitmentFixtures.CHAMPION;
import static dev.momentum.commitment.domain.CommitmentFixtures.DUE;
import static dev.momentum.commitment.domain.CommitmentFixtures.ECONOMIC_BUYER;
import static dev.momentum.commitment.domain.CommitmentFixtures.GRACE;
import static dev.momentum.commitment.domain.CommitmentFixtures.MADE_AT;
import static dev.momentum.commitment.domain.CommitmentFixtures.NOW;
import static dev.momentum.commitment.domain.CommitmentFixtures.dueDeadline;
import static dev.momentum.commitment.domain.CommitmentFixtures.eventsLike;
import static dev.momentum.commitment.domain.CommitmentFixtures.fixtureWithGrace;
import static dev.momentum.commitment.domain.CommitmentFixtures.keep;
import static dev.momentum.commitment.domain.CommitmentFixtures.kept;
import static dev.momentum.commitment.domain.CommitmentFixtures.made;
import static dev.momentum.commitment.domain.CommitmentFixtures.make;
import static dev.momentum.commitment.domain.CommitmentFixtures.miss;
import static dev.momentum.commitment.domain.CommitmentFixtures.missScheduled;
import static dev.momentum.commitment.domain.CommitmentFixtures.missed;
import static dev.momentum.commitment.domain.CommitmentFixtures.missedAutomatically;
import static dev.momentum.commitment.domain.CommitmentFixtures.renegotiate;
import static dev.momentum.commitment.domain.CommitmentFixtures.renegotiated;
import static dev.momentum.commitment.domain.CommitmentFixtures.terms;
import static dev.momentum.commitment.domain.CommitmentFixtures.withdraw;
import static dev.momentum.commitment.domain.CommitmentFixtures.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Named.named;

import dev.momentum.commitment.domain.Commands.MakeOutcome;
import dev.momentum.commitment.domain.Events.CommitmentEvent;
import dev.momentum.commitment.domain.Events.CommitmentKept;
import dev.momentum.commitment.domain.Events.CommitmentMissed;
import dev.momentum.commitment.domain.Events.CommitmentRenegotiated;
import dev.momentum.commitment.domain.Events.CommitmentWithdrawn;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The live life of a commitment: made, kept, missed (by hand or by its deadline), renegotiated, withdrawn. */
class CommitmentTest {

    private static final String DUE_DATE_PASSED = "DUE_DATE_PASSED";

    private AggregateTestFixture<Commitment> fixture;
    private AggregateTestFixture<Commitment> graceFixture;

    @BeforeEach
    void setUp() {
        fixture = fixtureWithGrace(Duration.ZERO);
        graceFixture = fixtureWithGrace(GRACE);
    }

    @Test
    void fixtureClockStartsAtTheFixturesTime() {
        assertThat(fixture.currentTime()).isEqualTo(NOW);
    }

    @Nested
    @DisplayName("making a commitment")
    class Making {

        @Test
        void recordsTheMakeAndSchedulesTheAutomaticMissAtTheDueDate() {
            AtomicReference<String> deadlineId = new AtomicReference<>();

            fixture.givenNoPriorActivity()
                    .when(make(terms(), MADE_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(MakeOutcome.CREATED)
                    .expectEventsMatching(eventsLike(deadlineId, made(terms(), MADE_AT), missScheduled(DUE)))
                    .expectScheduledDeadline(DUE, new DueDeadline(DUE))
                    .expectScheduledDeadlineWithName(DUE, MissPolicy.DUE_DEADLINE)
                    .expectScheduledDeadlineMatching(DUE, dueDeadline(DUE, deadlineId));
        }

        @Test
        void withoutOccurredAtIsMadeNow() {
            fixture.givenNoPriorActivity()
                    .when(make(terms(), null))
                    .expectResultMessagePayload(MakeOutcome.CREATED)
                    .expectEventsMatching(eventsLike(made(terms(), NOW), missScheduled(DUE)));
        }

        @Test
        void withGraceTheAutomaticMissIsScheduledAfterTheGrace() {
            AtomicReference<String> deadlineId = new AtomicReference<>();

            graceFixture.givenNoPriorActivity()
                    .when(make(terms(), MADE_AT))
                    .expectEventsMatching(eventsLike(deadlineId, made(terms(), MADE_AT), missScheduled(DUE.plus(GRACE))))
                    .expectScheduledDeadlineMatching(DUE.plus(GRACE), dueDeadline(DUE, deadlineId))
                    .expectNoScheduledDeadlineWithName(DUE, MissPolicy.DUE_DEADLINE);
        }

        static Stream<Arguments> dueNotAfterTheMake() {
            return Stream.of(
                    Arguments.of(named("due at the very moment it is made", MADE_AT), MADE_AT),
                    Arguments.of(named("due before it is made", MADE_AT.minusSeconds(1)), MADE_AT),
                    Arguments.of(named("due now, made now (occurredAt absent)", NOW), null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dueNotAfterTheMake")
        void isRejectedUnlessDueAfterItIsMade(Instant dueAt, Instant occurredAt) {
            fixture.givenNoPriorActivity()
                    .when(make(terms(dueAt), occurredAt))
                    .expectException(InvalidCommitmentException.class)
                    .expectNoEvents()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void alreadyDueWhenRecordedIsMissedAtItsDueDateWithoutADeadline() {
            Instant dueAt = NOW.minus(Duration.ofHours(2));
            Instant madeAt = NOW.minus(Duration.ofDays(2));

            fixture.givenNoPriorActivity()
                    .when(make(terms(dueAt), madeAt))
                    .expectResultMessagePayload(MakeOutcome.CREATED)
                    .expectEvents(made(terms(dueAt), madeAt), missedAutomatically(terms(dueAt), dueAt))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void alreadyDuePastTheGraceIsMissedAtDueDatePlusGrace() {
            Instant dueAt = NOW.minus(Duration.ofHours(2));
            Instant madeAt = NOW.minus(Duration.ofDays(2));

            graceFixture.givenNoPriorActivity()
                    .when(make(terms(dueAt), madeAt))
                    .expectEvents(made(terms(dueAt), madeAt), missedAutomatically(terms(dueAt), dueAt.plus(GRACE)))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void dueButStillWithinTheGraceGetsItsAutomaticMissScheduled() {
            Instant dueAt = NOW.minus(Duration.ofMinutes(30));
            Instant madeAt = NOW.minus(Duration.ofDays(2));

            graceFixture.givenNoPriorActivity()
                    .when(make(terms(dueAt), madeAt))
                    .expectEventsMatching(eventsLike(made(terms(dueAt), madeAt), missScheduled(dueAt.plus(GRACE))))
                    .expectScheduledDeadline(dueAt.plus(GRACE), new DueDeadline(dueAt));
        }

        static Stream<Arguments> harmlessRetries() {
            return Stream.of(
                    Arguments.of(named("same occurredAt", MADE_AT)),
                    Arguments.of(named("occurredAt absent", null)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("harmlessRetries")
        void makingItAgainWithTheSameTermsChangesNothing(Instant occurredAt) {
            fixture.given(made(terms(), MADE_AT), missScheduled(DUE, "deadline-1"))
                    .when(make(terms(), occurredAt))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(MakeOutcome.UNCHANGED)
                    .expectNoEvents();
        }

        static Stream<Arguments> conflictingMakes() {
            return Stream.of(
                    Arguments.of(named("another due date", make(terms(DUE.plus(Duration.ofDays(1))), MADE_AT))),
                    Arguments.of(named("another promise", make(new CommitmentTerms(CommitmentFixtures.DEAL,
                            CommitmentCategory.DEMO, "Run the security demo", CHAMPION, AE, DUE), MADE_AT))),
                    Arguments.of(named("made at another moment", make(terms(), MADE_AT.plusSeconds(60)))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("conflictingMakes")
        void anotherPromiseUnderAnIdInUseIsAViolation(Commands.MakeCommitment conflicting) {
            fixture.given(made(terms(), MADE_AT), missScheduled(DUE, "deadline-1"))
                    .when(conflicting)
                    .expectException(CommitmentRuleViolation.class)
                    .expectExceptionMessage(containsString("already exists"))
                    .expectNoEvents();
        }

        @Test
        void aBuyerPromisingAnotherBuyerIsBuyerInternal() {
            CommitmentTerms internal = new CommitmentTerms(CommitmentFixtures.DEAL, CommitmentCategory.BUILD_CONSENSUS,
                    "Champion briefs the economic buyer", CHAMPION, ECONOMIC_BUYER, DUE);

            assertThat(internal.direction()).isEqualTo(Direction.BUYER_INTERNAL);
            assertThat(terms().direction()).isEqualTo(Direction.BUYER_TO_SELLER);
        }
    }

    @Nested
    @DisplayName("keeping a commitment")
    class Keeping {

        @Test
        void beforeTheDueDateIsOnTimeAndCancelsTheAutomaticMiss() {
            Instant keptAt = DUE.minus(Duration.ofHours(5));

            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(keep(keptAt))
                    .expectEvents(kept(terms(), keptAt, false))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void withoutOccurredAtIsKeptNow() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(keep(null))
                    .expectEvents(kept(terms(), NOW, false));
        }

        @Test
        void exactlyAtTheDueDateIsStillOnTime() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(keep(DUE))
                    .expectEvents(kept(terms(), DUE, false))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void afterItWasMissedIsKeptLate() {
            Instant keptAt = DUE.plus(Duration.ofDays(2));

            fixture.given(made(terms(), MADE_AT), missScheduled(DUE, "deadline-1"), missedAutomatically(terms(), DUE))
                    .when(keep(keptAt))
                    .expectEvents(kept(terms(), keptAt, true))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void afterTheDueDateBeforeTheDeadlineFiredIsFirstMissedThenKeptLate() {
            Instant keptAt = DUE.plus(Duration.ofHours(2));

            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(keep(keptAt))
                    .expectEvents(missedAutomatically(terms(), DUE), kept(terms(), keptAt, true))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void withinTheGraceIsLateButNeverMissed() {
            Instant keptAt = DUE.plus(Duration.ofMinutes(20));

            graceFixture.givenCommands(make(terms(), MADE_AT))
                    .when(keep(keptAt))
                    .expectEvents(kept(terms(), keptAt, true))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void atTheLastMomentOfTheGraceIsLateButNeverMissed() {
            Instant keptAt = DUE.plus(GRACE);

            graceFixture.givenCommands(make(terms(), MADE_AT))
                    .when(keep(keptAt))
                    .expectEvents(kept(terms(), keptAt, true))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void afterTheGraceIsFirstMissedAtDueDatePlusGraceThenKeptLate() {
            Instant keptAt = DUE.plus(Duration.ofHours(3));

            graceFixture.givenCommands(make(terms(), MADE_AT))
                    .when(keep(keptAt))
                    .expectEvents(missedAutomatically(terms(), DUE.plus(GRACE)), kept(terms(), keptAt, true))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void aKeptCommitmentCannotBeKeptAgain() {
            fixture.given(made(terms(), MADE_AT), kept(terms(), MADE_AT.plusSeconds(60), false))
                    .when(keep(NOW))
                    .expectException(CommitmentRuleViolation.class)
                    .expectExceptionMessage(containsString("KEPT"))
                    .expectNoEvents();
        }
    }

    @Nested
    @DisplayName("the automatic miss")
    class AutomaticMiss {

        @Test
        void firesAtTheDueDateOfAnOpenCommitment() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .whenTimeElapses(Duration.ofDays(4))
                    .expectEvents(missedAutomatically(terms(), DUE))
                    .expectDeadlinesMet(new DueDeadline(DUE))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void doesNotFireBeforeTheDueDate() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .whenTimeAdvancesTo(DUE.minusSeconds(1))
                    .expectNoEvents()
                    .expectScheduledDeadline(DUE, new DueDeadline(DUE));
        }

        @Test
        void withGraceFiresAtTheEndOfTheGrace() {
            graceFixture.givenCommands(make(terms(), MADE_AT))
                    .whenTimeAdvancesTo(DUE.plus(GRACE))
                    .expectEvents(missedAutomatically(terms(), DUE.plus(GRACE)))
                    .expectDeadlinesMet(new DueDeadline(DUE));
        }

        @Test
        void withGraceDoesNotFireDuringTheGrace() {
            graceFixture.givenCommands(make(terms(), MADE_AT))
                    .whenTimeAdvancesTo(DUE.plus(Duration.ofMinutes(59)))
                    .expectNoEvents()
                    .expectScheduledDeadline(DUE.plus(GRACE), new DueDeadline(DUE));
        }

        @Test
        void aDeadlineLeftOverFromBeforeARenegotiationDoesNothing() {
            // the deadline for DUE was scheduled, then the due date moved without it being cancelled
            Instant newDue = DUE.plus(Duration.ofDays(7));

            fixture.givenCommands(make(terms(), MADE_AT))
                    .andGiven(renegotiated(terms(newDue), NOW, DUE, 1, "economic buyer travelling"))
                    .whenTimeAdvancesTo(DUE.plus(Duration.ofHours(1)))
                    .expectDeadlinesMet(new DueDeadline(DUE))
                    .expectNoEvents();
        }

        @Test
        void renegotiatingCancelsTheOldDeadlineAndSchedulesOneForTheNewDueDate() {
            Instant newDue = DUE.plus(Duration.ofDays(7));
            AtomicReference<String> deadlineId = new AtomicReference<>();

            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(renegotiate(newDue, NOW))
                    .expectEventsMatching(eventsLike(deadlineId,
                            renegotiated(terms(newDue), NOW, DUE, 1, "economic buyer travelling"),
                            missScheduled(newDue)))
                    .expectNoScheduledDeadlineWithName(DUE, MissPolicy.DUE_DEADLINE)
                    .expectScheduledDeadlineMatching(newDue, dueDeadline(newDue, deadlineId));
        }

        @Test
        void afterARenegotiationFiresAtTheNewDueDateOnly() {
            Instant newDue = DUE.plus(Duration.ofDays(7));

            fixture.givenCommands(make(terms(), MADE_AT), renegotiate(newDue, NOW))
                    .whenTimeAdvancesTo(newDue)
                    .expectEvents(missedAutomatically(terms(newDue), newDue))
                    .expectDeadlinesMet(new DueDeadline(newDue));
        }
    }

    @Nested
    @DisplayName("reporting a miss")
    class ReportingAMiss {

        @Test
        void whileOpenRecordsTheReasonAndCancelsTheAutomaticMiss() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(miss(NOW, "champion went silent"))
                    .expectEvents(missed(terms(), NOW, "champion went silent"))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void afterTheDueDateBeforeTheDeadlineFiredIsTheAutomaticMissAlone() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(miss(DUE.plus(Duration.ofHours(2)), "champion went silent"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(missedAutomatically(terms(), DUE))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void withoutAReasonIsReportedMissed() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(miss(null, null))
                    .expectEvents(missed(terms(), NOW, "REPORTED_MISSED"));
        }

        static Stream<Arguments> closedCommitments() {
            return Stream.of(
                    Arguments.of("MISSED", missedAutomatically(terms(), DUE)),
                    Arguments.of("KEPT", kept(terms(), MADE_AT.plusSeconds(3600), false)),
                    Arguments.of("WITHDRAWN", withdrawn(terms(), MADE_AT.plusSeconds(3600), "deal lost")));
        }

        static Stream<Arguments> commitmentsClosedOtherwise() {
            return Stream.of(
                    Arguments.of("MISSED", missed(terms(), MADE_AT.plusSeconds(3600), "champion went silent")),
                    Arguments.of("KEPT", kept(terms(), MADE_AT.plusSeconds(3600), false)),
                    Arguments.of("WITHDRAWN", withdrawn(terms(), MADE_AT.plusSeconds(3600), "deal lost")));
        }

        @ParameterizedTest(name = "a {0} commitment")
        @MethodSource("commitmentsClosedOtherwise")
        void ofACommitmentNoLongerOpenIsAViolationNamingItsStatus(String status, CommitmentEvent closing) {
            fixture.given(made(terms(), MADE_AT), closing)
                    .when(miss(DUE.plus(Duration.ofDays(1)), "buyer chose a competitor"))
                    .expectException(CommitmentRuleViolation.class)
                    .expectExceptionMessage(containsString("is " + status))
                    .expectException(Matchers.predicate(e -> e instanceof CommitmentRuleViolation violation
                            && violation.currentStatus() == CommitmentStatus.valueOf(status)))
                    .expectNoEvents();
        }

        /** As when the report comes first: it is answered by the automatic miss (no matter which came first). */
        @Test
        void afterTheAutomaticMissFiredIsAnsweredByIt() {
            fixture.given(made(terms(), MADE_AT), missedAutomatically(terms(), DUE))
                    .when(miss(DUE.plus(Duration.ofDays(1)), "champion went silent"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    @DisplayName("renegotiating")
    class Renegotiating {

        @Test
        void aSecondTimeCountsTwoRenegotiations() {
            Instant firstNewDue = DUE.plus(Duration.ofDays(7));
            Instant secondNewDue = DUE.plus(Duration.ofDays(14));
            Instant firstAt = NOW.minus(Duration.ofHours(12));

            fixture.given(made(terms(), MADE_AT), missScheduled(DUE, "deadline-1"),
                            renegotiated(terms(firstNewDue), firstAt, DUE, 1, "economic buyer travelling"),
                            missScheduled(firstNewDue, "deadline-2"))
                    .when(renegotiate(secondNewDue, null))
                    .expectEventsMatching(eventsLike(
                            renegotiated(terms(secondNewDue), NOW, firstNewDue, 2, "economic buyer travelling"),
                            missScheduled(secondNewDue)))
                    .expectScheduledDeadline(secondNewDue, new DueDeadline(secondNewDue));
        }

        @Test
        void withGraceSchedulesTheAutomaticMissAfterTheGraceOfTheNewDueDate() {
            Instant newDue = DUE.plus(Duration.ofDays(7));

            graceFixture.givenCommands(make(terms(), MADE_AT))
                    .when(renegotiate(newDue, NOW))
                    .expectEventsMatching(eventsLike(
                            renegotiated(terms(newDue), NOW, DUE, 1, "economic buyer travelling"),
                            missScheduled(newDue.plus(GRACE))))
                    .expectScheduledDeadline(newDue.plus(GRACE), new DueDeadline(newDue))
                    .expectNoScheduledDeadlineWithName(DUE.plus(GRACE), MissPolicy.DUE_DEADLINE);
        }

        static Stream<Arguments> closedCommitments() {
            return ReportingAMiss.closedCommitments();
        }

        @ParameterizedTest(name = "a {0} commitment")
        @MethodSource("closedCommitments")
        void aCommitmentNoLongerOpenIsAViolationNamingItsStatus(String status, CommitmentEvent closing) {
            fixture.given(made(terms(), MADE_AT), closing)
                    .when(renegotiate(DUE.plus(Duration.ofDays(10)), DUE.plus(Duration.ofDays(1))))
                    .expectException(CommitmentRuleViolation.class)
                    .expectExceptionMessage(containsString("is " + status))
                    .expectNoEvents();
        }

        static Stream<Arguments> newDueNotAfterTheRenegotiation() {
            return Stream.of(
                    Arguments.of(named("new due at the moment of renegotiating", NOW)),
                    Arguments.of(named("new due before the moment of renegotiating", NOW.minusSeconds(60))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("newDueNotAfterTheRenegotiation")
        void toADueDateNotAfterTheRenegotiationIsInvalid(Instant newDue) {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(renegotiate(newDue, NOW))
                    .expectException(InvalidCommitmentException.class)
                    .expectNoEvents()
                    .expectScheduledDeadline(DUE, new DueDeadline(DUE));
        }
    }

    @Nested
    @DisplayName("withdrawing")
    class Withdrawing {

        @Test
        void whileOpenRecordsTheWithdrawalAndCancelsTheAutomaticMiss() {
            fixture.givenCommands(make(terms(), MADE_AT))
                    .when(withdraw(NOW))
                    .expectEvents(withdrawn(terms(), NOW, "deal paused by buyer"))
                    .expectNoScheduledDeadlines();
        }

        static Stream<Arguments> anythingAfterwards() {
            Instant later = NOW.plus(Duration.ofHours(1));
            return Stream.of(
                    Arguments.of(named("keep", keep(later))),
                    Arguments.of(named("miss", miss(later, "champion went silent"))),
                    Arguments.of(named("renegotiate", renegotiate(DUE.plus(Duration.ofDays(7)), later))),
                    Arguments.of(named("withdraw", withdraw(later))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("anythingAfterwards")
        void aWithdrawnCommitmentIsFinal(Object command) {
            fixture.given(made(terms(), MADE_AT), missScheduled(DUE, "deadline-1"),
                            withdrawn(terms(), NOW, "deal paused by buyer"))
                    .when(command)
                    .expectException(CommitmentRuleViolation.class)
                    .expectExceptionMessage(containsString("WITHDRAWN"))
                    .expectNoEvents();
        }
    }

    @Nested
    @DisplayName("retrying a lifecycle step (a client that timed out sends it again)")
    class Retrying {

        private static final Instant AT = NOW.minus(Duration.ofHours(2));
        private static final Instant NEW_DUE = DUE.plus(Duration.ofDays(7));

        static Stream<Arguments> steps() {
            return Stream.of(
                    Arguments.of(named("keep", keep(AT)), kept(terms(), AT, false)),
                    Arguments.of(named("miss", miss(AT, "champion went silent")),
                            missed(terms(), AT, "champion went silent")),
                    Arguments.of(named("miss without a reason", miss(AT, null)), missed(terms(), AT, "REPORTED_MISSED")),
                    Arguments.of(named("withdraw", withdraw(AT)), withdrawn(terms(), AT, "deal paused by buyer")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("steps")
        void theSameStepAgainChangesNothing(Object command, CommitmentEvent done) {
            fixture.given(made(terms(), MADE_AT), done)
                    .when(command)
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        static Stream<Arguments> stepsWithoutBusinessTime() {
            return Stream.of(
                    Arguments.of(named("keep", keep(null)), kept(terms(), AT, false)),
                    Arguments.of(named("miss", miss(null, "champion went silent")),
                            missed(terms(), AT, "champion went silent")),
                    Arguments.of(named("withdraw", withdraw(null)), withdrawn(terms(), AT, "deal paused by buyer")));
        }

        /** "Now" differs between the call and its retry: without occurredAt the step is identified by its body. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("stepsWithoutBusinessTime")
        void theSameStepWithoutOccurredAtChangesNothing(Object command, CommitmentEvent done) {
            fixture.given(made(terms(), MADE_AT), done)
                    .when(command)
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        static Stream<Arguments> differentSteps() {
            return Stream.of(
                    Arguments.of(named("keep with other evidence", new Commands.KeepCommitment(CommitmentFixtures.TENANT,
                            CommitmentFixtures.ID, AT, "signed order form")), kept(terms(), AT, false), "KEPT"),
                    Arguments.of(named("keep at another time", keep(AT.plusSeconds(60))), kept(terms(), AT, false), "KEPT"),
                    Arguments.of(named("miss for another reason", miss(AT, "budget frozen")),
                            missed(terms(), AT, "champion went silent"), "MISSED"),
                    Arguments.of(named("withdraw after a keep", withdraw(AT)), kept(terms(), AT, false), "KEPT"),
                    Arguments.of(named("keep after a withdrawal", keep(AT)),
                            withdrawn(terms(), AT, "deal paused by buyer"), "WITHDRAWN"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("differentSteps")
        void anotherBodyIsStillAViolationNamingTheStatus(Object command, CommitmentEvent done, String status) {
            fixture.given(made(terms(), MADE_AT), done)
                    .when(command)
                    .expectException(Matchers.predicate(e -> e instanceof CommitmentRuleViolation violation
                            && violation.currentStatus() == CommitmentStatus.valueOf(status)
                            && violation.getMessage().contains("is " + status)))
                    .expectNoEvents();
        }

        @Test
        void aRenegotiationAgainWithItsTargetAndTimeChangesNothing() {
            fixture.givenCommands(make(terms(), MADE_AT), renegotiate(NEW_DUE, AT))
                    .when(renegotiate(NEW_DUE, AT))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        /** The bug of issue 15: it counted two renegotiations, the second with previousDueAt equal to dueAt. */
        @Test
        void aRenegotiationAgainWithoutOccurredAtChangesNothing() {
            fixture.givenCommands(make(terms(), MADE_AT), renegotiate(NEW_DUE, null))
                    .when(renegotiate(NEW_DUE, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aRenegotiationToAnotherDateIsANewRenegotiation() {
            Instant later = NEW_DUE.plus(Duration.ofDays(7));
            fixture.givenCommands(make(terms(), MADE_AT), renegotiate(NEW_DUE, AT))
                    .when(renegotiate(later, AT))
                    .expectEventsMatching(eventsLike(
                            renegotiated(terms(later), AT, NEW_DUE, 2, "economic buyer travelling"),
                            missScheduled(later)));
        }

        @Test
        void aRenegotiationRetriedAfterTheCommitmentWasKeptIsAViolationNamingKept() {
            fixture.givenCommands(make(terms(), MADE_AT), renegotiate(NEW_DUE, AT), keep(AT.plusSeconds(60)))
                    .when(renegotiate(NEW_DUE, null))
                    .expectException(Matchers.predicate(e -> e instanceof CommitmentRuleViolation violation
                            && violation.currentStatus() == CommitmentStatus.KEPT))
                    .expectNoEvents();
        }
    }

    @Nested
    @DisplayName("business time")
    class BusinessTime {

        private static final Instant LAST = NOW.minus(Duration.ofHours(6));
        private static final Instant NEW_DUE = DUE.plus(Duration.ofDays(7));

        private Object[] history() {
            return new Object[] {
                    made(terms(), MADE_AT), missScheduled(DUE, "deadline-1"),
                    renegotiated(terms(NEW_DUE), LAST, DUE, 1, "economic buyer travelling"),
                    missScheduled(NEW_DUE, "deadline-2")};
        }

        static Stream<Arguments> commandsAt() {
            Function<Instant, Object> keep = CommitmentFixtures::keep;
            Function<Instant, Object> miss = at -> miss(at, "champion went silent");
            Function<Instant, Object> renegotiate = at -> renegotiate(NEW_DUE.plus(Duration.ofDays(1)), at);
            Function<Instant, Object> withdraw = CommitmentFixtures::withdraw;
            return Stream.of(
                    Arguments.of(named("keep", keep), CommitmentKept.class),
                    Arguments.of(named("miss", miss), CommitmentMissed.class),
                    Arguments.of(named("renegotiate", renegotiate), CommitmentRenegotiated.class),
                    Arguments.of(named("withdraw", withdraw), CommitmentWithdrawn.class));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commandsAt")
        void neverGoesBack(Function<Instant, Object> commandAt, Class<?> ignored) {
            fixture.given(history())
                    .when(commandAt.apply(LAST.minusSeconds(1)))
                    .expectException(CommitmentRuleViolation.class)
                    .expectExceptionMessage(containsString("backwards"))
                    .expectNoEvents();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commandsAt")
        void mayStandStillAtTheLastEvent(Function<Instant, Object> commandAt, Class<?> expectedEvent) {
            fixture.given(history())
                    .when(commandAt.apply(LAST))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(Matchers.payloadsMatching(Matchers.sequenceOf(
                            Matchers.predicate(payload -> expectedEvent.isInstance(payload)
                                    && ((CommitmentEvent) payload).occurredAt().equals(LAST)))));
        }
    }

    @Nested
    @DisplayName("a commitment that was never made")
    class NeverMade {

        static Stream<Arguments> commands() {
            return Stream.of(
                    Arguments.of(named("keep", keep(NOW))),
                    Arguments.of(named("miss", miss(NOW, "champion went silent"))),
                    Arguments.of(named("renegotiate", renegotiate(DUE, NOW))),
                    Arguments.of(named("withdraw", withdraw(NOW))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("commands")
        void cannotBeActedUpon(Object command) {
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents()
                    .expectNoScheduledDeadlines();
        }
    }
}
