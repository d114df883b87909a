package dev.momentum.commitment.domain;

import dev.momentum.commitment.domain.Commands.ImportCommitmentHistory;
import dev.momentum.commitment.domain.Commands.KeepCommitment;
import dev.momentum.commitment.domain.Commands.MakeCommitment;
import dev.momentum.commitment.domain.Commands.MissCommitment;
import dev.momentum.commitment.domain.Commands.Outcome;
import dev.momentum.commitment.domain.Commands.RenegotiateCommitment;
import dev.momentum.commitment.domain.Commands.Renegotiation;
import dev.momentum.commitment.domain.Commands.WithdrawCommitment;
import dev.momentum.commitment.domain.Events.AutomaticMissScheduled;
import dev.momentum.commitment.domain.Events.CommitmentKept;
import dev.momentum.commitment.domain.Events.CommitmentMade;
import dev.momentum.commitment.domain.Events.CommitmentMissed;
import dev.momentum.commitment.domain.Events.CommitmentRenegotiated;
import dev.momentum.commitment.domain.Events.CommitmentWithdrawn;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.support.testing.FixtureClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;

/**
 * Builders for the commitment tests: one deal, one champion promising the account executive a
 * meeting with the economic buyer, on a fixed business calendar.
 */
final class CommitmentFixtures {

    static final String TENANT = "acme";
    static final String ID = "c-42";
    static final String DEAL = "deal-7";

    /** The fixture's "now" (and therefore the Clock's) at the start of every test. */
    static final Instant NOW = Instant.parse("2025-03-03T09:00:00Z");
    /** When the champion made the promise in the call yesterday. */
    static final Instant MADE_AT = NOW.minus(Duration.ofDays(1));
    /** When the meeting has to be booked by. */
    static final Instant DUE = NOW.plus(Duration.ofDays(3));

    static final Duration GRACE = Duration.ofHours(1);

    static final Party CHAMPION = Party.buyer(Role.CHAMPION, "Dana Whitfield");
    static final Party ECONOMIC_BUYER = Party.buyer(Role.ECONOMIC_BUYER, "Morgan Lee");
    static final Party AE = Party.seller(Role.ACCOUNT_EXECUTIVE, "Sam Ortega");

    private CommitmentFixtures() {
    }

    /** A fixture whose Clock follows the fixture's own simulated time. */
    static AggregateTestFixture<Commitment> fixtureWithGrace(Duration grace) {
        AggregateTestFixture<Commitment> fixture = new AggregateTestFixture<>(Commitment.class);
        fixture.registerInjectableResource(new MissPolicy(grace));
        fixture.registerInjectableResource(new FixtureClock(fixture::currentTime));
        fixture.givenCurrentTime(NOW);
        return fixture;
    }

    // --- terms ---

    static CommitmentTerms terms(Instant dueAt) {
        return new CommitmentTerms(DEAL, CommitmentCategory.ENGAGE_STAKEHOLDERS,
                "Introduce the AE to the economic buyer", CHAMPION, AE, dueAt);
    }

    static CommitmentTerms terms() {
        return terms(DUE);
    }

    // --- commands ---

    static MakeCommitment make(CommitmentTerms terms, Instant occurredAt) {
        return new MakeCommitment(TENANT, ID, terms, occurredAt);
    }

    static KeepCommitment keep(Instant occurredAt) {
        return new KeepCommitment(TENANT, ID, occurredAt, "calendar invite accepted");
    }

    static MissCommitment miss(Instant occurredAt, String reason) {
        return new MissCommitment(TENANT, ID, occurredAt, reason);
    }

    static RenegotiateCommitment renegotiate(Instant newDueAt, Instant occurredAt) {
        return new RenegotiateCommitment(TENANT, ID, newDueAt, "economic buyer travelling", occurredAt);
    }

    static WithdrawCommitment withdraw(Instant occurredAt) {
        return new WithdrawCommitment(TENANT, ID, "deal paused by buyer", occurredAt);
    }

    static ImportCommitmentHistory importHistory(CommitmentTerms terms, Instant madeAt,
                                                 List<Renegotiation> renegotiations, Outcome outcome,
                                                 String fingerprint) {
        return new ImportCommitmentHistory(TENANT, ID, terms, madeAt, renegotiations, outcome, fingerprint);
    }

    // --- events ---

    static CommitmentMade made(CommitmentTerms terms, Instant occurredAt) {
        return new CommitmentMade(TENANT, ID, terms, occurredAt, null);
    }

    static CommitmentMade imported(CommitmentTerms terms, Instant occurredAt, String fingerprint) {
        return new CommitmentMade(TENANT, ID, terms, occurredAt, fingerprint);
    }

    /** The deadline id is generated; {@link #eventsLike} ignores it (but requires one). */
    static AutomaticMissScheduled missScheduled(Instant missAt) {
        return new AutomaticMissScheduled(TENANT, ID, missAt, null);
    }

    static AutomaticMissScheduled missScheduled(Instant missAt, String deadlineId) {
        return new AutomaticMissScheduled(TENANT, ID, missAt, deadlineId);
    }

    static CommitmentKept kept(CommitmentTerms terms, Instant occurredAt, boolean late) {
        return new CommitmentKept(TENANT, ID, terms, occurredAt, late, "calendar invite accepted");
    }

    static CommitmentKept kept(CommitmentTerms terms, Instant occurredAt, boolean late, String evidence) {
        return new CommitmentKept(TENANT, ID, terms, occurredAt, late, evidence);
    }

    static CommitmentMissed missed(CommitmentTerms terms, Instant occurredAt, String reason) {
        return new CommitmentMissed(TENANT, ID, terms, occurredAt, reason);
    }

    static CommitmentMissed missedAutomatically(CommitmentTerms terms, Instant occurredAt) {
        return missed(terms, occurredAt, "DUE_DATE_PASSED");
    }

    static CommitmentRenegotiated renegotiated(CommitmentTerms terms, Instant occurredAt, Instant previousDueAt,
                                               int count, String reason) {
        return new CommitmentRenegotiated(TENANT, ID, terms, occurredAt, previousDueAt, count, reason);
    }

    static CommitmentWithdrawn withdrawn(CommitmentTerms terms, Instant occurredAt, String reason) {
        return new CommitmentWithdrawn(TENANT, ID, terms, occurredAt, reason);
    }

    // --- matchers ---

    /**
     * The published events' payloads equal {@code expected}, in order and nothing more, except that
     * an {@link AutomaticMissScheduled} given with a null deadline id matches any non-null id. The
     * last deadline id seen is put in {@code deadlineId} (when not null).
     */
    static Matcher<List<EventMessage<?>>> eventsLike(AtomicReference<String> deadlineId, Object... expected) {
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
                    if (deadlineId != null && actual.get(i) instanceof AutomaticMissScheduled scheduled) {
                        deadlineId.set(scheduled.deadlineId());
                    }
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("payloads ").appendValueList("[", ", ", "]", expected)
                        .appendText(" (AutomaticMissScheduled with any generated deadline id)");
            }

            @Override
            public void describeMismatch(Object item, Description description) {
                description.appendText("were ").appendValueList("[", ", ", "]", payloads(item));
            }
        };
    }

    static Matcher<List<EventMessage<?>>> eventsLike(Object... expected) {
        return eventsLike(null, expected);
    }

    private static boolean payloadMatches(Object expected, Object actual) {
        if (expected instanceof AutomaticMissScheduled e && e.deadlineId() == null) {
            return actual instanceof AutomaticMissScheduled a
                    && Objects.equals(e.tenantId(), a.tenantId())
                    && Objects.equals(e.commitmentId(), a.commitmentId())
                    && Objects.equals(e.missAt(), a.missAt())
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

    /** The scheduled automatic miss: right name, payload naming the due date, and the id recorded in the event. */
    static Matcher<DeadlineMessage<?>> dueDeadline(Instant dueAt, AtomicReference<String> recordedId) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                return item instanceof DeadlineMessage<?> deadline
                        && MissPolicy.DUE_DEADLINE.equals(deadline.getDeadlineName())
                        && new DueDeadline(dueAt).equals(deadline.getPayload())
                        && recordedId.get() != null
                        && recordedId.get().equals(deadline.getIdentifier());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("deadline '" + MissPolicy.DUE_DEADLINE + "' with payload ")
                        .appendValue(new DueDeadline(dueAt)).appendText(" and id ").appendValue(recordedId.get());
            }
        };
    }
}
