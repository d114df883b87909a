package dev.momentum.commitment.domain;

import static dev.momentum.commitment.domain.CommitmentFixtures.DUE;
import static dev.momentum.commitment.domain.CommitmentFixtures.GRACE;
import static dev.momentum.commitment.domain.CommitmentFixtures.NOW;
import static dev.momentum.commitment.domain.CommitmentFixtures.dueDeadline;
import static dev.momentum.commitment.domain.CommitmentFixtures.eventsLike;
import static dev.momentum.commitment.domain.CommitmentFixtures.fixtureWithGrace;
import static dev.momentum.commitment.domain.CommitmentFixtures.importHistory;
import static dev.momentum.commitment.domain.CommitmentFixtures.imported;
import static dev.momentum.commitment.domain.CommitmentFixtures.kept;
import static dev.momentum.commitment.domain.CommitmentFixtures.make;
import static dev.momentum.commitment.domain.CommitmentFixtures.missScheduled;
import static dev.momentum.commitment.domain.CommitmentFixtures.missed;
import static dev.momentum.commitment.domain.CommitmentFixtures.missedAutomatically;
import static dev.momentum.commitment.domain.CommitmentFixtures.renegotiated;
import static dev.momentum.commitment.domain.CommitmentFixtures.terms;
import static dev.momentum.commitment.domain.CommitmentFixtures.withdrawn;
import static org.hamcrest.Matchers.containsString;

import dev.momentum.commitment.domain.Commands.MakeOutcome;
import dev.momentum.commitment.domain.Commands.Outcome;
import dev.momentum.commitment.domain.Commands.Renegotiation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backfilling a commitment's whole history from a CRM export: the events are those that living
 * the history would have given, and only a commitment still open at the end gets a deadline.
 */
class CommitmentImportTest {

    private static final String FINGERPRINT = "crm-export-2025-02/row-118";
    private static final String EVIDENCE = "meeting held, notes in CRM";

    /** A history from last month: made 10 days ago, due 8 days ago. */
    private static final Instant MADE = NOW.minus(Duration.ofDays(10));
    private static final Instant PAST_DUE = NOW.minus(Duration.ofDays(8));

    private AggregateTestFixture<Commitment> fixture;
    private AggregateTestFixture<Commitment> graceFixture;

    @BeforeEach
    void setUp() {
        fixture = fixtureWithGrace(Duration.ZERO);
        graceFixture = fixtureWithGrace(GRACE);
    }

    private static Outcome outcome(CommitmentStatus status, Instant at, String reason) {
        return new Outcome(status, at, reason, status == CommitmentStatus.KEPT ? EVIDENCE : null);
    }

    @Test
    void keptBeforeTheDueDateIsMadeAndKeptOnTimeWithoutADeadline() {
        Instant keptAt = PAST_DUE.minus(Duration.ofHours(3));

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, List.of(), outcome(CommitmentStatus.KEPT, keptAt, null),
                        FINGERPRINT))
                .expectResultMessagePayload(MakeOutcome.CREATED)
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        kept(terms(PAST_DUE), keptAt, false, EVIDENCE))
                .expectNoScheduledDeadlines();
    }

    @Test
    void keptExactlyAtTheDueDateIsKeptOnTimeWithoutAMiss() {
        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, List.of(), outcome(CommitmentStatus.KEPT, PAST_DUE, null),
                        FINGERPRINT))
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        kept(terms(PAST_DUE), PAST_DUE, false, EVIDENCE))
                .expectNoScheduledDeadlines();
    }

    @Test
    void keptAfterTheDueDateIsMissedAtTheDueDateThenKeptLate() {
        Instant keptAt = PAST_DUE.plus(Duration.ofDays(2));

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, List.of(), outcome(CommitmentStatus.KEPT, keptAt, null),
                        FINGERPRINT))
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        missedAutomatically(terms(PAST_DUE), PAST_DUE),
                        kept(terms(PAST_DUE), keptAt, true, EVIDENCE))
                .expectNoScheduledDeadlines();
    }

    @Test
    void renegotiationsApplyInBusinessTimeOrderEvenWhenGivenUnsorted() {
        Instant firstAt = NOW.minus(Duration.ofDays(9));
        Instant firstNewDue = NOW.minus(Duration.ofDays(6));
        Instant secondAt = NOW.minus(Duration.ofDays(7));
        Instant secondNewDue = NOW.minus(Duration.ofDays(4));
        Instant keptAt = NOW.minus(Duration.ofDays(5));
        List<Renegotiation> unsorted = List.of(
                new Renegotiation(secondNewDue, secondAt, "legal review"),
                new Renegotiation(firstNewDue, firstAt, "economic buyer travelling"));

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, unsorted, outcome(CommitmentStatus.KEPT, keptAt, null),
                        FINGERPRINT))
                .expectResultMessagePayload(MakeOutcome.CREATED)
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        renegotiated(terms(firstNewDue), firstAt, PAST_DUE, 1, "economic buyer travelling"),
                        renegotiated(terms(secondNewDue), secondAt, firstNewDue, 2, "legal review"),
                        kept(terms(secondNewDue), keptAt, false, EVIDENCE))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aRenegotiationAfterTheDueDatePassedIsAViolationBecauseItWasAlreadyMissed() {
        Instant tooLate = PAST_DUE.plus(Duration.ofDays(1));

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE,
                        List.of(new Renegotiation(NOW.plus(Duration.ofDays(3)), tooLate, "asked for more time")),
                        null, FINGERPRINT))
                .expectException(CommitmentRuleViolation.class)
                .expectExceptionMessage(containsString("MISSED"))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void missedAfterTheDueDateIsTheAutomaticMissOnly() {
        Instant reportedAt = PAST_DUE.plus(Duration.ofDays(1));

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, List.of(),
                        outcome(CommitmentStatus.MISSED, reportedAt, "champion went silent"), FINGERPRINT))
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        missedAutomatically(terms(PAST_DUE), PAST_DUE))
                .expectNoScheduledDeadlines();
    }

    @Test
    void missedBeforeTheDueDateKeepsTheReportedReason() {
        Instant reportedAt = PAST_DUE.minus(Duration.ofDays(1));

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, List.of(),
                        outcome(CommitmentStatus.MISSED, reportedAt, "champion left the company"), FINGERPRINT))
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        missed(terms(PAST_DUE), reportedAt, "champion left the company"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void withdrawnBeforeTheDueDateIsWithdrawn() {
        Instant withdrawnAt = PAST_DUE.minus(Duration.ofDays(1));

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, List.of(),
                        outcome(CommitmentStatus.WITHDRAWN, withdrawnAt, "deal lost"), FINGERPRINT))
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        withdrawn(terms(PAST_DUE), withdrawnAt, "deal lost"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void stillOpenWithTheFinalDueDateAheadGetsItsAutomaticMissScheduled() {
        Instant madeAt = NOW.minus(Duration.ofDays(2));
        Instant renegotiatedAt = NOW.minus(Duration.ofDays(1));
        Instant finalDue = DUE.plus(Duration.ofDays(4));
        AtomicReference<String> deadlineId = new AtomicReference<>();

        fixture.givenNoPriorActivity()
                .when(importHistory(terms(DUE), madeAt,
                        List.of(new Renegotiation(finalDue, renegotiatedAt, "economic buyer travelling")),
                        null, FINGERPRINT))
                .expectResultMessagePayload(MakeOutcome.CREATED)
                .expectEventsMatching(eventsLike(deadlineId,
                        imported(terms(DUE), madeAt, FINGERPRINT),
                        renegotiated(terms(finalDue), renegotiatedAt, DUE, 1, "economic buyer travelling"),
                        missScheduled(finalDue)))
                .expectScheduledDeadlineMatching(finalDue, dueDeadline(finalDue, deadlineId))
                .expectNoScheduledDeadlineWithName(DUE, MissPolicy.DUE_DEADLINE);
    }

    @Test
    void stillOpenWithGraceSchedulesTheAutomaticMissAfterTheGrace() {
        Instant madeAt = NOW.minus(Duration.ofDays(2));

        graceFixture.givenNoPriorActivity()
                .when(importHistory(terms(DUE), madeAt, List.of(), null, FINGERPRINT))
                .expectEventsMatching(eventsLike(imported(terms(DUE), madeAt, FINGERPRINT),
                        missScheduled(DUE.plus(GRACE))))
                .expectScheduledDeadline(DUE.plus(GRACE), new DueDeadline(DUE));
    }

    @Test
    void stillOpenPastItsDueDateIsMissedAtTheDueDate() {
        fixture.givenNoPriorActivity()
                .when(importHistory(terms(PAST_DUE), MADE, List.of(), null, FINGERPRINT))
                .expectEvents(imported(terms(PAST_DUE), MADE, FINGERPRINT),
                        missedAutomatically(terms(PAST_DUE), PAST_DUE))
                .expectNoScheduledDeadlines();
    }

    @Test
    void importingTheSameItemAgainChangesNothing() {
        fixture.given(imported(terms(PAST_DUE), MADE, FINGERPRINT), missedAutomatically(terms(PAST_DUE), PAST_DUE))
                .when(importHistory(terms(PAST_DUE), MADE, List.of(), null, FINGERPRINT))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(MakeOutcome.UNCHANGED)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void anotherImportedItemUnderAnIdInUseIsAViolation() {
        fixture.given(imported(terms(PAST_DUE), MADE, FINGERPRINT), missedAutomatically(terms(PAST_DUE), PAST_DUE))
                .when(importHistory(terms(PAST_DUE), MADE, List.of(), null, "crm-export-2025-02/row-119"))
                .expectException(CommitmentRuleViolation.class)
                .expectExceptionMessage(containsString("already exists"))
                .expectNoEvents();
    }

    @Test
    void importingOverALiveCommitmentIsAViolation() {
        fixture.givenCommands(make(terms(DUE), NOW.minus(Duration.ofDays(1))))
                .when(importHistory(terms(DUE), NOW.minus(Duration.ofDays(1)), List.of(), null, FINGERPRINT))
                .expectException(CommitmentRuleViolation.class)
                .expectNoEvents()
                .expectScheduledDeadline(DUE, new DueDeadline(DUE));
    }

    @Test
    void makingWhatWasImportedIsAViolation() {
        fixture.given(imported(terms(PAST_DUE), MADE, FINGERPRINT), missedAutomatically(terms(PAST_DUE), PAST_DUE))
                .when(make(terms(PAST_DUE), MADE))
                .expectException(CommitmentRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aHistoryDueBeforeItWasMadeIsInvalid() {
        fixture.givenNoPriorActivity()
                .when(importHistory(terms(MADE), MADE, List.of(), null, FINGERPRINT))
                .expectException(InvalidCommitmentException.class)
                .expectNoEvents();
    }
}
