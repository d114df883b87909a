package dev.momentum.commitment.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.momentum.commitment.domain.Commands.ImportCommitmentHistory;
import dev.momentum.commitment.domain.Commands.KeepCommitment;
import dev.momentum.commitment.domain.Commands.MakeCommitment;
import dev.momentum.commitment.domain.Commands.MakeOutcome;
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
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A commitment someone made on a deal, from the make until it is kept, missed or withdrawn.
 *
 * <p>Business time: every command happens at its {@code occurredAt} (now when absent), which
 * never goes back. An open commitment whose due date plus grace has passed by then is first
 * missed at that moment with reason {@code DUE_DATE_PASSED}, exactly as its deadline would have
 * done. So one history gives the same events whether it is lived, arrives late or is imported.
 */
@Aggregate
public class Commitment {

    /** The reason of a miss reported without one. */
    private static final String REPORTED_MISSED = "REPORTED_MISSED";

    @AggregateIdentifier
    private String aggregateId;
    private String tenantId;
    private String commitmentId;
    private CommitmentTerms originalTerms;
    private Instant madeAt;
    private String importFingerprint;
    private CommitmentTerms terms;
    private CommitmentStatus status;
    private Instant lastOccurredAt;
    private int renegotiations;
    private Instant lastRenegotiatedAt;
    /** The evidence of the keep, or the reason of the miss or withdrawal, that closed it. */
    private String closingNote;
    private String dueDeadlineId;

    protected Commitment() {
        // for Axon
    }

    /** Making it again with the same content is a harmless retry; other content under its id is a conflict. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MakeOutcome handle(MakeCommitment command, MissPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (terms != null) {
            boolean sameMake = importFingerprint == null && originalTerms.equals(command.terms())
                    && (command.occurredAt() == null || command.occurredAt().equals(madeAt));
            if (sameMake) {
                return MakeOutcome.UNCHANGED;
            }
            throw alreadyExists(command.commitmentId());
        }
        Instant now = clock.instant();
        Instant occurredAt = orNow(command.occurredAt(), now);
        requireDueAfter(command.terms().dueAt(), occurredAt);
        apply(new CommitmentMade(command.tenantId(), command.commitmentId(), command.terms(), occurredAt, null));
        scheduleOrMiss(policy, deadlines, now);
        return MakeOutcome.CREATED;
    }

    /**
     * A whole history at once, in business-time order, giving the events that living it would
     * have given. Only a commitment still open at the end gets a deadline.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public MakeOutcome handle(ImportCommitmentHistory command, MissPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (terms != null) {
            if (command.fingerprint().equals(importFingerprint)) {
                return MakeOutcome.UNCHANGED;
            }
            throw alreadyExists(command.commitmentId());
        }
        requireDueAfter(command.terms().dueAt(), command.madeAt());
        apply(new CommitmentMade(command.tenantId(), command.commitmentId(), command.terms(), command.madeAt(),
                command.fingerprint()));
        for (Renegotiation renegotiation : command.renegotiations().stream()
                .sorted(Comparator.comparing(Renegotiation::occurredAt)).toList()) {
            renegotiate(renegotiation.newDueAt(), renegotiation.reason(), renegotiation.occurredAt(), policy, null);
        }
        Outcome outcome = command.outcome();
        if (outcome != null) {
            switch (outcome.status()) {
                case KEPT -> keep(outcome.occurredAt(), outcome.evidence(), policy, null);
                case MISSED -> miss(outcome.occurredAt(), outcome.reason(), policy, null);
                case WITHDRAWN -> withdraw(outcome.occurredAt(), outcome.reason(), policy, null);
                default -> throw new InvalidCommitmentException(
                        "an imported outcome is KEPT, MISSED or WITHDRAWN, not " + outcome.status());
            }
        }
        if (status == CommitmentStatus.OPEN) {
            scheduleOrMiss(policy, deadlines, clock.instant());
        }
        return MakeOutcome.CREATED;
    }

    /*
     * Safe retries: a lifecycle command that repeats the step the commitment last took (same body;
     * no occurredAt counts as the same time) changes nothing and succeeds, so a client that timed out
     * can send it again. A different body after that step is still refused, naming the status.
     */

    @CommandHandler
    public void handle(KeepCommitment command, MissPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (isClosedBy(CommitmentStatus.KEPT, command.evidence(), command.occurredAt())) {
            return;
        }
        keep(orNow(command.occurredAt(), clock.instant()), command.evidence(), policy, deadlines);
    }

    @CommandHandler
    public void handle(MissCommitment command, MissPolicy policy, DeadlineManager deadlines, Clock clock) {
        Instant occurredAt = orNow(command.occurredAt(), clock.instant());
        if (isClosedBy(CommitmentStatus.MISSED, reportedReason(command.reason()), command.occurredAt())
                || isMissedAutomaticallyBefore(occurredAt)) {
            return;
        }
        miss(occurredAt, command.reason(), policy, deadlines);
    }

    /** A renegotiation is identified by its target due date and its business time. */
    @CommandHandler
    public void handle(RenegotiateCommitment command, MissPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (isRenegotiatedTo(command.newDueAt(), command.occurredAt())) {
            return;
        }
        Instant now = clock.instant();
        renegotiate(command.newDueAt(), command.reason(), orNow(command.occurredAt(), now), policy, deadlines);
        scheduleOrMiss(policy, deadlines, now);
    }

    @CommandHandler
    public void handle(WithdrawCommitment command, MissPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (isClosedBy(CommitmentStatus.WITHDRAWN, command.reason(), command.occurredAt())) {
            return;
        }
        withdraw(orNow(command.occurredAt(), clock.instant()), command.reason(), policy, deadlines);
    }

    /** Whether the commitment's last step was this one: that status, with that note, at that time (if given). */
    private boolean isClosedBy(CommitmentStatus closedAs, String note, Instant occurredAt) {
        return status == closedAs && Objects.equals(closingNote, note)
                && (occurredAt == null || occurredAt.equals(lastOccurredAt));
    }

    /**
     * A miss reported after the automatic miss's moment was answered by that miss alone (see
     * {@link #miss}); so it is again, whether the deadline fired before the report or the report
     * brought it about, and a retry of it is harmless.
     */
    private boolean isMissedAutomaticallyBefore(Instant occurredAt) {
        return status == CommitmentStatus.MISSED && MissPolicy.DUE_DATE_PASSED.equals(closingNote)
                && occurredAt.isAfter(lastOccurredAt);
    }

    /**
     * Whether the last renegotiation moved the due date to {@code newDueAt} at {@code occurredAt}; a
     * retry without occurredAt is recognised while the commitment is still open at that due date.
     */
    private boolean isRenegotiatedTo(Instant newDueAt, Instant occurredAt) {
        if (lastRenegotiatedAt == null || !terms.dueAt().equals(newDueAt)) {
            return false;
        }
        return occurredAt == null ? status == CommitmentStatus.OPEN : occurredAt.equals(lastRenegotiatedAt);
    }

    private static String reportedReason(String reason) {
        return reason == null ? REPORTED_MISSED : reason;
    }

    @DeadlineHandler(deadlineName = MissPolicy.DUE_DEADLINE)
    public void onDue(DueDeadline deadline, MissPolicy policy) {
        // a deadline from before a renegotiation that could not be cancelled does nothing
        if (status == CommitmentStatus.OPEN && terms.dueAt().equals(deadline.dueAt())) {
            dueDeadlineId = null;
            apply(new CommitmentMissed(tenantId, commitmentId, terms, missAt(policy), MissPolicy.DUE_DATE_PASSED));
        }
    }

    // --- the rules, shared by live commands and imports (which pass no deadline manager) ---

    private void keep(Instant occurredAt, String evidence, MissPolicy policy, DeadlineManager deadlines) {
        advanceTo(occurredAt, policy, deadlines);
        if (status != CommitmentStatus.OPEN && status != CommitmentStatus.MISSED) {
            throw illegal("kept");
        }
        cancelDeadline(deadlines);
        apply(new CommitmentKept(tenantId, commitmentId, terms, occurredAt, occurredAt.isAfter(terms.dueAt()), evidence));
    }

    /** A miss reported after the due date (plus grace) is the automatic miss, already recorded on the way. */
    private void miss(Instant occurredAt, String reason, MissPolicy policy, DeadlineManager deadlines) {
        boolean wasOpen = status == CommitmentStatus.OPEN;
        advanceTo(occurredAt, policy, deadlines);
        if (wasOpen && status == CommitmentStatus.MISSED) {
            return;
        }
        if (status != CommitmentStatus.OPEN) {
            throw illegal("missed");
        }
        cancelDeadline(deadlines);
        apply(new CommitmentMissed(tenantId, commitmentId, terms, occurredAt, reportedReason(reason)));
    }

    private void renegotiate(Instant newDueAt, String reason, Instant occurredAt, MissPolicy policy,
                             DeadlineManager deadlines) {
        Objects.requireNonNull(newDueAt, "newDueAt");
        advanceTo(occurredAt, policy, deadlines);
        if (status != CommitmentStatus.OPEN) {
            throw illegal("renegotiated");
        }
        requireDueAfter(newDueAt, occurredAt);
        cancelDeadline(deadlines);
        apply(new CommitmentRenegotiated(tenantId, commitmentId, terms.withDueAt(newDueAt), occurredAt,
                terms.dueAt(), renegotiations + 1, reason));
    }

    private void withdraw(Instant occurredAt, String reason, MissPolicy policy, DeadlineManager deadlines) {
        advanceTo(occurredAt, policy, deadlines);
        if (status != CommitmentStatus.OPEN) {
            throw illegal("withdrawn");
        }
        cancelDeadline(deadlines);
        apply(new CommitmentWithdrawn(tenantId, commitmentId, terms, occurredAt, reason));
    }

    /**
     * Moves business time to {@code occurredAt}: never backwards, and an open commitment whose due
     * date plus grace passed before it is missed at that moment first.
     */
    private void advanceTo(Instant occurredAt, MissPolicy policy, DeadlineManager deadlines) {
        if (occurredAt.isBefore(lastOccurredAt)) {
            throw new CommitmentRuleViolation("occurredAt " + occurredAt + " is before the last event of commitment "
                    + commitmentId + " (" + lastOccurredAt + "): business time cannot go backwards");
        }
        // at exactly dueAt + grace it is still not missed: late at worst
        if (status == CommitmentStatus.OPEN && missAt(policy).isBefore(occurredAt)) {
            cancelDeadline(deadlines);
            apply(new CommitmentMissed(tenantId, commitmentId, terms, missAt(policy), MissPolicy.DUE_DATE_PASSED));
        }
    }

    /** An open commitment gets its automatic miss: scheduled, or recorded now if already due. */
    private void scheduleOrMiss(MissPolicy policy, DeadlineManager deadlines, Instant now) {
        if (status != CommitmentStatus.OPEN) {
            return;
        }
        Instant missAt = missAt(policy);
        if (missAt.isAfter(now)) {
            String id = deadlines.schedule(missAt, MissPolicy.DUE_DEADLINE, new DueDeadline(terms.dueAt()));
            apply(new AutomaticMissScheduled(tenantId, commitmentId, missAt, id));
        } else {
            apply(new CommitmentMissed(tenantId, commitmentId, terms, missAt, MissPolicy.DUE_DATE_PASSED));
        }
    }

    private Instant missAt(MissPolicy policy) {
        return terms.dueAt().plus(policy.grace());
    }

    private void cancelDeadline(DeadlineManager deadlines) {
        if (deadlines != null && dueDeadlineId != null) {
            deadlines.cancelSchedule(MissPolicy.DUE_DEADLINE, dueDeadlineId);
            dueDeadlineId = null;
        }
    }

    private CommitmentRuleViolation illegal(String action) {
        return new CommitmentRuleViolation("commitment " + commitmentId + " is " + status + " and cannot be " + action,
                status);
    }

    private static CommitmentRuleViolation alreadyExists(String commitmentId) {
        return new CommitmentRuleViolation("commitment " + commitmentId + " already exists with different content");
    }

    private static Instant orNow(Instant occurredAt, Instant now) {
        return occurredAt == null ? now : occurredAt;
    }

    private static void requireDueAfter(Instant dueAt, Instant occurredAt) {
        if (!dueAt.isAfter(occurredAt)) {
            throw new InvalidCommitmentException("dueAt " + dueAt + " must be after occurredAt " + occurredAt);
        }
    }

    // --- state, from events only ---

    @EventSourcingHandler
    void on(CommitmentMade event) {
        aggregateId = CommitmentIds.aggregateId(event.tenantId(), event.commitmentId());
        tenantId = event.tenantId();
        commitmentId = event.commitmentId();
        originalTerms = event.terms();
        madeAt = event.occurredAt();
        importFingerprint = event.importFingerprint();
        terms = event.terms();
        status = CommitmentStatus.OPEN;
        lastOccurredAt = event.occurredAt();
    }

    @EventSourcingHandler
    void on(AutomaticMissScheduled event) {
        dueDeadlineId = event.deadlineId();
    }

    @EventSourcingHandler
    void on(CommitmentKept event) {
        status = CommitmentStatus.KEPT;
        closingNote = event.evidence();
        lastOccurredAt = event.occurredAt();
        dueDeadlineId = null;
    }

    @EventSourcingHandler
    void on(CommitmentMissed event) {
        status = CommitmentStatus.MISSED;
        closingNote = event.reason();
        lastOccurredAt = event.occurredAt();
        dueDeadlineId = null;
    }

    @EventSourcingHandler
    void on(CommitmentRenegotiated event) {
        terms = event.terms();
        renegotiations = event.renegotiations();
        lastRenegotiatedAt = event.occurredAt();
        lastOccurredAt = event.occurredAt();
    }

    @EventSourcingHandler
    void on(CommitmentWithdrawn event) {
        status = CommitmentStatus.WITHDRAWN;
        closingNote = event.reason();
        lastOccurredAt = event.occurredAt();
        dueDeadlineId = null;
    }
}
