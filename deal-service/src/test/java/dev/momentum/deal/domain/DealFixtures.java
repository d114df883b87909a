package dev.momentum.deal.domain;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.deal.StallReason;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.contracts.journey.StallThresholds;
import dev.momentum.deal.domain.Commands.ChangeExpectedClose;
import dev.momentum.deal.domain.Commands.ChangeStage;
import dev.momentum.deal.domain.Commands.CloseDeal;
import dev.momentum.deal.domain.Commands.OpenDeal;
import dev.momentum.deal.domain.Commands.RecordCommitmentFact;
import dev.momentum.deal.domain.Events.CommitmentFactRecorded;
import dev.momentum.deal.domain.Events.DealClosed;
import dev.momentum.deal.domain.Events.DealExpectedCloseChanged;
import dev.momentum.deal.domain.Events.DealOpened;
import dev.momentum.deal.domain.Events.DealRevived;
import dev.momentum.deal.domain.Events.DealStageChanged;
import dev.momentum.deal.domain.Events.DealStalled;
import dev.momentum.deal.domain.Events.StallCheckScheduled;
import dev.momentum.support.testing.FixtureClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;

/** Builders for the deal tests: one deal in the buyer journey, on a fixed business calendar. */
final class DealFixtures {

    static final String TENANT = "acme";
    static final String ID = "deal-7";
    static final String PIPELINE = Pipelines.BUYER_JOURNEY;
    static final List<String> STAGES = Pipelines.BUYER_JOURNEY_STAGES;
    static final DealTerms TERMS = new DealTerms("Acme rollout", "Acme Corp", "MID_MARKET",
            new BigDecimal("120000.00"), "EUR", "sam");

    /** The fixture's "now" (and the Clock's) at the start of every test. */
    static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    /** When the deal was opened in the tests that start with an open deal. */
    static final Instant OPENED_AT = NOW.minus(Duration.ofDays(1));
    static final Duration INACTIVITY = Duration.ofDays(14);
    static final LocalDate CLOSE_ON = LocalDate.parse("2025-06-30");
    static final Party CHAMPION = Party.buyer(Role.CHAMPION, "Dana");
    static final Party AE = Party.seller(Role.ACCOUNT_EXECUTIVE, "Sam");

    private DealFixtures() {
    }

    static AggregateTestFixture<Deal> fixture() {
        AggregateTestFixture<Deal> fixture = new AggregateTestFixture<>(Deal.class);
        fixture.registerInjectableResource(new StallPolicy(new StallThresholds(INACTIVITY, 2, 2)));
        fixture.registerInjectableResource(new FixtureClock(fixture::currentTime));
        fixture.givenCurrentTime(NOW);
        return fixture;
    }

    // --- commands ---

    static OpenDeal open(Instant occurredAt) {
        return new OpenDeal(TENANT, ID, TERMS, PIPELINE, STAGES, STAGES.get(0), CLOSE_ON, occurredAt);
    }

    static ChangeStage changeStage(String stage, Instant occurredAt) {
        return new ChangeStage(TENANT, ID, stage, occurredAt);
    }

    static ChangeExpectedClose changeExpectedClose(LocalDate date, Instant occurredAt) {
        return new ChangeExpectedClose(TENANT, ID, date, occurredAt);
    }

    static CloseDeal close(DealOutcome outcome, Instant occurredAt) {
        return new CloseDeal(TENANT, ID, outcome, "signed", null, occurredAt);
    }

    static RecordCommitmentFact record(CommitmentFact fact) {
        return new RecordCommitmentFact(TENANT, ID, fact);
    }

    // --- facts ---

    /** As the commitments topic delivers them: contract events, recorded as the listener does ({@link CommitmentFact#of}). */
    static CommitmentFact buyerMissed(String factId, String commitmentId, Instant at) {
        return fact(factId, new CommitmentMissed(TENANT, ID, commitmentId, 1, at, CommitmentCategory.LEARN, CHAMPION, AE,
                at, CommitmentMissed.DUE_DATE_PASSED));
    }

    static CommitmentFact sellerMissed(String factId, String commitmentId, Instant at) {
        return fact(factId, new CommitmentMissed(TENANT, ID, commitmentId, 1, at, CommitmentCategory.LEARN, AE, CHAMPION,
                at, CommitmentMissed.DUE_DATE_PASSED));
    }

    /** Kept late (after a miss), by the buyer. */
    static CommitmentFact kept(String factId, String commitmentId, Instant at) {
        return fact(factId, new CommitmentKept(TENANT, ID, commitmentId, 2, at, CommitmentCategory.LEARN, CHAMPION, AE,
                at, true, null));
    }

    private static CommitmentFact fact(String factId, CommitmentEvent event) {
        return CommitmentFact.of(factId, event).orElseThrow();
    }

    // --- events ---

    static DealOpened opened(Instant at) {
        return new DealOpened(TENANT, ID, TERMS, PIPELINE, STAGES, STAGES.get(0), CLOSE_ON, at, null);
    }

    static DealStageChanged stageChanged(String from, String to, StageChange change, Instant at) {
        return new DealStageChanged(TENANT, ID, PIPELINE, from, to, change, at);
    }

    static DealExpectedCloseChanged expectedCloseChanged(String stage, LocalDate from, LocalDate to, Instant at) {
        return new DealExpectedCloseChanged(TENANT, ID, PIPELINE, stage, from, to, at);
    }

    static DealClosed closed(String stage, DealOutcome outcome, Instant at) {
        return new DealClosed(TENANT, ID, PIPELINE, stage, outcome, "signed", null, at);
    }

    static DealStalled stalled(String stage, Instant since, Instant detectedAt, StallReason... reasons) {
        return new DealStalled(TENANT, ID, PIPELINE, stage, since, Arrays.asList(reasons), detectedAt);
    }

    static DealRevived revived(String stage, Instant since, Instant detectedAt) {
        return new DealRevived(TENANT, ID, PIPELINE, stage, since, detectedAt);
    }

    static CommitmentFactRecorded recorded(CommitmentFact fact) {
        return new CommitmentFactRecorded(TENANT, ID, fact);
    }

    /** Scheduled at {@code at}; {@link #eventsLike} accepts any generated deadline id. */
    static StallCheckScheduled checkScheduled(Instant at) {
        return new StallCheckScheduled(TENANT, ID, at, null);
    }

    static StallCheckScheduled checkScheduled(Instant at, String deadlineId) {
        return new StallCheckScheduled(TENANT, ID, at, deadlineId);
    }

    static StallCheckScheduled checkCancelled() {
        return new StallCheckScheduled(TENANT, ID, null, null);
    }

    // --- matchers ---

    /**
     * The published payloads equal {@code expected}, in order and nothing more, except that a
     * {@link StallCheckScheduled} given with a time and a null deadline id matches any non-null id.
     */
    static Matcher<List<EventMessage<?>>> eventsLike(Object... expected) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                List<?> actual = payloads(item);
                if (actual.size() != expected.length) {
                    return false;
                }
                for (int i = 0; i < expected.length; i++) {
                    if (!payloadMatches(expected[i], actual.get(i))) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("payloads ").appendValueList("[", ", ", "]", expected)
                        .appendText(" (StallCheckScheduled with any generated deadline id)");
            }

            @Override
            public void describeMismatch(Object item, Description description) {
                description.appendText("were ").appendValueList("[", ", ", "]", payloads(item));
            }
        };
    }

    private static boolean payloadMatches(Object expected, Object actual) {
        if (expected instanceof StallCheckScheduled e && e.checkAt() != null && e.deadlineId() == null) {
            return actual instanceof StallCheckScheduled a && Objects.equals(e.checkAt(), a.checkAt())
                    && a.deadlineId() != null && !a.deadlineId().isBlank();
        }
        return Objects.equals(expected, actual);
    }

    private static List<Object> payloads(Object item) {
        List<Object> payloads = new ArrayList<>();
        for (Object message : (List<?>) item) {
            payloads.add(message instanceof EventMessage<?> event ? event.getPayload() : message);
        }
        return payloads;
    }

    /** The scheduled stall check at {@code at}. */
    static Matcher<DeadlineMessage<?>> stallCheckAt(Instant at) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                return item instanceof DeadlineMessage<?> deadline
                        && StallCheck.DEADLINE.equals(deadline.getDeadlineName())
                        && new StallCheck(at).equals(deadline.getPayload());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("deadline '" + StallCheck.DEADLINE + "' at ").appendValue(at);
            }
        };
    }
}
