package dev.momentum.analytics.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentRenegotiated;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealEvent;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.journey.CommitmentOutcome;
import dev.momentum.contracts.journey.VisitExit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps {@link JourneyBuilder} is made of: stays from the stage history, commitment summaries. */
class JourneyStepsTest {

    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    static final List<String> STAGES = List.of("Qualification", "Discovery", "Evaluation");
    static final Party CHAMPION = Party.buyer(Role.CHAMPION, "Dana");
    static final Party AE = Party.seller(Role.ACCOUNT_EXECUTIVE, "Marco");

    static Instant day(int days) {
        return T0.plus(Duration.ofDays(days));
    }

    @Test
    void staysRunFromTheOpenToTheFirstCloseAndAZeroLengthStayContainsNothing() {
        DealOpened opened = new DealOpened("t", "d", 1, T0, "Deal", null, null, null, null, null, "p", STAGES,
                "Qualification", null);
        List<DealEvent> events = List.of(
                new DealStageChanged("t", "d", 0, day(-1), "p", "Qualification", "Evaluation", StageChange.ADVANCED),
                opened,
                new DealStageChanged("t", "d", 2, day(2), "p", "Qualification", "Discovery", StageChange.ADVANCED),
                new DealStageChanged("t", "d", 3, day(2), "p", "Discovery", "Qualification", StageChange.REGRESSED),
                new DealClosed("t", "d", 4, day(5), "p", "Qualification", DealOutcome.WON, null, null),
                new DealStageChanged("t", "d", 5, day(6), "p", "Qualification", "Discovery", StageChange.ADVANCED));
        List<Stay> stays = Stay.history(opened, events);
        assertThat(stays).containsExactly(
                new Stay("Qualification", T0, day(2), VisitExit.ADVANCED),
                new Stay("Discovery", day(2), day(2), VisitExit.REGRESSED),
                new Stay("Qualification", day(2), day(5), VisitExit.WON));
        assertThat(stays.get(0).dwellDays()).isEqualTo(2.0);
        assertThat(Stay.indexAt(stays, day(-3))).as("before the open: the first stay").isZero();
        assertThat(Stay.indexAt(stays, T0)).isZero();
        assertThat(Stay.indexAt(stays, day(2))).as("not the zero-length stay").isEqualTo(2);
        assertThat(Stay.indexAt(stays, day(5))).as("at the close: none").isNull();

        List<Stay> open = Stay.history(opened, List.of(opened));
        assertThat(open).containsExactly(new Stay("Qualification", T0, null, VisitExit.OPEN));
        assertThat(open.get(0).dwellDays()).isNull();
        assertThat(Stay.indexAt(open, day(100))).isZero();
    }

    @Test
    void aCommitmentIsSummedUpFromItsEventsAndKeptLateAfterItsLastDueDate() {
        List<CommitmentEvent> events = List.of(
                new CommitmentMissed("t", "d", "c", 1, day(3), CommitmentCategory.DEMO, CHAMPION, AE, day(3), "DUE_DATE_PASSED"),
                new CommitmentRenegotiated("t", "d", "c", 2, day(4), CommitmentCategory.DEMO, CHAMPION, AE, day(3), day(6), 1, null),
                new CommitmentMissed("t", "d", "c", 3, day(6), CommitmentCategory.DEMO, CHAMPION, AE, day(6), "DUE_DATE_PASSED"),
                new CommitmentKept("t", "d", "c", 4, day(7), CommitmentCategory.DEMO, CHAMPION, AE, day(6), true, null));
        CommitmentSummary summary = CommitmentSummary.of(events);
        assertThat(summary.madeAt()).as("no make: the earliest event").isEqualTo(day(3));
        assertThat(summary.missedAt()).containsExactly(day(3), day(6));
        assertThat(summary.firstMissedAt()).isEqualTo(day(3));
        assertThat(summary.renegotiations()).isEqualTo(1);
        assertThat(summary.outcome()).isEqualTo(CommitmentOutcome.KEPT_LATE);
        assertThat(summary.missPattern("Discovery").key()).isEqualTo("Discovery|DEMO|BUYER_TO_SELLER|CHAMPION");
    }
}
