package dev.momentum.deal.domain;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.journey.DealFacts;
import dev.momentum.contracts.journey.JourneyAssessment;
import dev.momentum.contracts.journey.StallEpisode;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.deal.domain.Commands.ChangeExpectedClose;
import dev.momentum.deal.domain.Commands.ChangeStage;
import dev.momentum.deal.domain.Commands.CloseDeal;
import dev.momentum.deal.domain.Commands.ExpectedCloseStep;
import dev.momentum.deal.domain.Commands.ImportDealHistory;
import dev.momentum.deal.domain.Commands.OpenDeal;
import dev.momentum.deal.domain.Commands.OpenOutcome;
import dev.momentum.deal.domain.Commands.Outcome;
import dev.momentum.deal.domain.Commands.RecordCommitmentFact;
import dev.momentum.deal.domain.Commands.StageStep;
import dev.momentum.deal.domain.Events.CommitmentFactRecorded;
import dev.momentum.deal.domain.Events.DealClosed;
import dev.momentum.deal.domain.Events.DealExpectedCloseChanged;
import dev.momentum.deal.domain.Events.DealOpened;
import dev.momentum.deal.domain.Events.DealRevived;
import dev.momentum.deal.domain.Events.DealStageChanged;
import dev.momentum.deal.domain.Events.DealStalled;
import dev.momentum.deal.domain.Events.StallCheckScheduled;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A deal on its way through the stages of its pipeline, until it closes; and its timeline: its
 * own events plus the commitment facts about it, which may arrive before it is opened, late,
 * twice or out of order.
 *
 * <p>After every change the contract's {@link StallPolicy} is applied to the whole timeline: when
 * the current stall status changed, {@link DealStalled} or {@link DealRevived} is published. An
 * open deal that is not stalled has a persistent deadline at the instant the policy says it becomes
 * stalled for inactivity (a progress moves it). The rules themselves live in the policy only, and
 * the timeline's facts come from the contract's one mapping ({@link DealFacts}) of the contract
 * events: those this deal publishes, and the commitment events it hears of.
 *
 * <p>Its state is also stored whole, as a snapshot (its fields as JSON, see {@link DealSnapshots}): a field
 * added, removed or changed in meaning needs a new {@link DealSnapshots#REVISION}, so that older snapshots are
 * ignored and the deal is replayed from its events.
 *
 * <p>Business time: every command happens at its {@code occurredAt} (now when absent), which never
 * goes back. Nothing changes a closed deal, but commitment facts about it are still recorded.
 */
@Aggregate(snapshotTriggerDefinition = DealSnapshots.TRIGGER)
@Revision(DealSnapshots.REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE,
        setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
public class Deal {

    @AggregateIdentifier
    private String aggregateId;
    private String tenantId;
    private String dealId;
    private boolean opened;
    private DealTerms openedTerms;
    private String openedStage;
    private LocalDate openedExpectedCloseOn;
    private Instant openedAt;
    private String importFingerprint;
    private String pipeline;
    private List<String> stages = List.of();
    private String stage;
    private LocalDate expectedCloseOn;
    private Instant lastOccurredAt;
    private DealClosed closed;
    @DealFactJson.Typed
    private final List<DealFact> facts = new ArrayList<>();
    private final Set<String> commitmentFactIds = new HashSet<>();
    private Instant stalledSince;
    private Instant stallCheckAt;
    private String stallCheckDeadlineId;

    protected Deal() {
        // for Axon
    }

    /** Opening it again with the same content is a harmless retry; other content under its id is a conflict. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public OpenOutcome handle(OpenDeal command, StallPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (opened) {
            boolean sameOpen = importFingerprint == null && openedTerms.sameAs(command.terms())
                    && pipeline.equals(command.pipeline()) && openedStage.equals(command.stage())
                    && Objects.equals(openedExpectedCloseOn, command.expectedCloseOn())
                    && (command.occurredAt() == null || command.occurredAt().equals(openedAt));
            if (sameOpen) {
                return OpenOutcome.UNCHANGED;
            }
            throw alreadyExists(command.dealId());
        }
        requireStageOf(command.stages(), command.stage(), "stage");
        Instant now = clock.instant();
        apply(new DealOpened(command.tenantId(), command.dealId(), command.terms(), command.pipeline(),
                command.stages(), command.stage(), command.expectedCloseOn(), orNow(command.occurredAt(), now), null));
        reevaluate(policy, deadlines, now);
        return OpenOutcome.CREATED;
    }

    @CommandHandler
    public void handle(ChangeStage command, StallPolicy policy, DeadlineManager deadlines, Clock clock) {
        Instant now = clock.instant();
        requireOpen();
        changeStage(command.stage(), orNow(command.occurredAt(), now), "stage");
        reevaluate(policy, deadlines, now);
    }

    @CommandHandler
    public void handle(ChangeExpectedClose command, StallPolicy policy, DeadlineManager deadlines, Clock clock) {
        Instant now = clock.instant();
        requireOpen();
        changeExpectedClose(command.expectedCloseOn(), orNow(command.occurredAt(), now));
        reevaluate(policy, deadlines, now);
    }

    /** Closing again with the same outcome, reason and amount is a harmless retry. */
    @CommandHandler
    public void handle(CloseDeal command, DeadlineManager deadlines, Clock clock) {
        requireOpened();
        if (closed != null) {
            boolean sameClose = closed.outcome() == command.outcome()
                    && Objects.equals(closed.reason(), command.reason())
                    && sameAmount(closed.amount(), command.amount())
                    && (command.occurredAt() == null || command.occurredAt().equals(closed.occurredAt()));
            if (sameClose) {
                return;
            }
            throw isClosed();
        }
        close(command.outcome(), command.reason(), command.amount(), orNow(command.occurredAt(), clock.instant()),
                deadlines);
    }

    /**
     * A commitment event about the deal. The same event twice ({@code ce_id}) is one fact; a fact may
     * come before the deal is opened (it is kept for then) or after it closed (its history).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordCommitmentFact command, StallPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (commitmentFactIds.contains(command.fact().factId())) {
            return;
        }
        apply(new CommitmentFactRecorded(command.tenantId(), command.dealId(), command.fact()));
        reevaluate(policy, deadlines, clock.instant());
    }

    /**
     * A whole history at once, in business-time order, through the same rules as the live
     * commands; stalls in it follow from the policy like for any other deal.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public OpenOutcome handle(ImportDealHistory command, StallPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (opened) {
            if (command.fingerprint().equals(importFingerprint)) {
                return OpenOutcome.UNCHANGED;
            }
            throw alreadyExists(command.dealId());
        }
        requireStageOf(command.stages(), command.stage(), "stage");
        apply(new DealOpened(command.tenantId(), command.dealId(), command.terms(), command.pipeline(),
                command.stages(), command.stage(), command.expectedCloseOn(), command.openedAt(),
                command.fingerprint()));
        List<Object> steps = new ArrayList<>(command.stageChanges());
        steps.addAll(command.expectedCloseChanges());
        // stage changes before close-date changes at the same instant; the sort is stable otherwise
        steps.sort(Comparator.comparing(Deal::stepAt).thenComparing(step -> step instanceof StageStep ? 0 : 1));
        for (Object step : steps) {
            if (stepAt(step).isBefore(command.openedAt())) {
                throw new InvalidDealException(step instanceof StageStep ? "stages" : "expectedCloseChanges",
                        "has a change at " + stepAt(step) + ", before the deal was opened (" + command.openedAt() + ")");
            }
            if (step instanceof StageStep stageStep) {
                changeStage(stageStep.stage(), stageStep.occurredAt(), "stages");
            } else {
                ExpectedCloseStep closeStep = (ExpectedCloseStep) step;
                changeExpectedClose(closeStep.expectedCloseOn(), closeStep.occurredAt());
            }
        }
        Outcome outcome = command.outcome();
        if (outcome != null) {
            if (outcome.occurredAt().isBefore(lastOccurredAt)) {
                throw new InvalidDealException("outcome.occurredAt", "is " + outcome.occurredAt()
                        + ", before the last change of the deal (" + lastOccurredAt + "): nothing changes a closed deal");
            }
            close(outcome.outcome(), outcome.reason(), outcome.amount(), outcome.occurredAt(), deadlines);
        }
        reevaluate(policy, deadlines, clock.instant());
        return OpenOutcome.CREATED;
    }

    /** The inactivity threshold was reached without progress (unless this deadline is a leftover). */
    @DeadlineHandler(deadlineName = StallCheck.DEADLINE)
    public void onStallCheck(StallCheck check, StallPolicy policy, DeadlineManager deadlines, Clock clock) {
        if (closed != null || !check.at().equals(stallCheckAt)) {
            return;
        }
        stallCheckDeadlineId = null; // it fired: nothing left to cancel
        Instant now = clock.instant();
        reevaluate(policy, deadlines, now.isBefore(check.at()) ? check.at() : now);
    }

    // --- the rules, shared by live commands and imports ---

    private void changeStage(String to, Instant occurredAt, String field) {
        advanceTo(occurredAt);
        requireStageOf(stages, to, field);
        if (to.equals(stage)) {
            return; // already there: a retry, or a no-op
        }
        StageChange change = stages.indexOf(to) > stages.indexOf(stage) ? StageChange.ADVANCED : StageChange.REGRESSED;
        apply(new DealStageChanged(tenantId, dealId, pipeline, stage, to, change, occurredAt));
    }

    private void changeExpectedClose(LocalDate newDate, Instant occurredAt) {
        Objects.requireNonNull(newDate, "expectedCloseOn");
        advanceTo(occurredAt);
        if (newDate.equals(expectedCloseOn)) {
            return; // already so: a retry, or a no-op
        }
        apply(new DealExpectedCloseChanged(tenantId, dealId, pipeline, stage, expectedCloseOn, newDate, occurredAt));
    }

    private void close(DealOutcome outcome, String reason, BigDecimal amount, Instant occurredAt,
                       DeadlineManager deadlines) {
        Objects.requireNonNull(outcome, "outcome");
        advanceTo(occurredAt);
        apply(new DealClosed(tenantId, dealId, pipeline, stage, outcome, reason, amount, occurredAt));
        if (stallCheckAt != null) {
            cancelStallCheck(deadlines);
            apply(new StallCheckScheduled(tenantId, dealId, null, null));
        }
    }

    /**
     * Applies the stall policy to the whole timeline as of now (or the latest fact, if a client's
     * clock is slightly ahead): publishes a change of the current stall status, and keeps the
     * inactivity deadline at the instant the deal stalls if nothing happens.
     */
    private void reevaluate(StallPolicy policy, DeadlineManager deadlines, Instant now) {
        if (!opened || closed != null) {
            return;
        }
        Instant at = facts.stream().map(DealFact::at).filter(now::isBefore).max(Comparator.naturalOrder()).orElse(now);
        JourneyAssessment assessment = policy.assess(facts, at);
        Optional<StallEpisode> current = assessment.current();
        if (stalledSince != null && (current.isEmpty() || !current.get().start().equals(stalledSince))) {
            apply(new DealRevived(tenantId, dealId, pipeline, stage, stalledSince, at));
        }
        if (current.isPresent() && stalledSince == null) {
            StallEpisode episode = current.get();
            apply(new DealStalled(tenantId, dealId, pipeline, episode.stage(), episode.start(),
                    List.copyOf(episode.reasons()), at));
        }
        // when the deal stalls for inactivity if nothing happens before
        Instant next = assessment.nextChangeAt();
        if (!Objects.equals(next, stallCheckAt)) {
            cancelStallCheck(deadlines);
            String id = next == null || deadlines == null ? null
                    : deadlines.schedule(next, StallCheck.DEADLINE, new StallCheck(next));
            apply(new StallCheckScheduled(tenantId, dealId, next, id));
        }
    }

    /** Business time never goes back. */
    private void advanceTo(Instant occurredAt) {
        if (occurredAt.isBefore(lastOccurredAt)) {
            throw new DealRuleViolation("occurredAt " + occurredAt + " is before the last event of deal " + dealId
                    + " (" + lastOccurredAt + "): business time cannot go backwards");
        }
    }

    private void cancelStallCheck(DeadlineManager deadlines) {
        if (deadlines != null && stallCheckDeadlineId != null) {
            deadlines.cancelSchedule(StallCheck.DEADLINE, stallCheckDeadlineId);
            stallCheckDeadlineId = null;
        }
    }

    private void requireOpened() {
        if (!opened) {
            throw new DealNotFoundException(dealId);
        }
    }

    private void requireOpen() {
        requireOpened();
        if (closed != null) {
            throw isClosed();
        }
    }

    private DealRuleViolation isClosed() {
        return new DealRuleViolation("deal " + dealId + " is closed (" + closed.outcome()
                + "): nothing changes a closed deal", closed.outcome().name());
    }

    private static void requireStageOf(List<String> stages, String stage, String field) {
        if (stage == null || !stages.contains(stage)) {
            throw new InvalidDealException(field, "'" + stage + "' is not one of the deal's stages " + stages);
        }
    }

    private static DealRuleViolation alreadyExists(String dealId) {
        return new DealRuleViolation("deal " + dealId + " already exists with different content");
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static Instant orNow(Instant occurredAt, Instant now) {
        return occurredAt == null ? now : occurredAt;
    }

    private static Instant stepAt(Object step) {
        return step instanceof StageStep s ? s.occurredAt() : ((ExpectedCloseStep) step).occurredAt();
    }

    // --- state, from events only ---

    @EventSourcingHandler
    void on(DealOpened event, EventMessage<?> message, @SequenceNumber long sequence) {
        aggregateId = DealIds.aggregateId(event.tenantId(), event.dealId());
        tenantId = event.tenantId();
        dealId = event.dealId();
        opened = true;
        openedTerms = event.terms();
        openedStage = event.stage();
        openedExpectedCloseOn = event.expectedCloseOn();
        openedAt = event.occurredAt();
        importFingerprint = event.importFingerprint();
        pipeline = event.pipeline();
        stages = List.copyOf(event.stages());
        stage = event.stage();
        expectedCloseOn = event.expectedCloseOn();
        lastOccurredAt = event.occurredAt();
        addFact(event, message, sequence);
    }

    @EventSourcingHandler
    void on(DealStageChanged event, EventMessage<?> message, @SequenceNumber long sequence) {
        stage = event.to();
        lastOccurredAt = event.occurredAt();
        addFact(event, message, sequence);
    }

    @EventSourcingHandler
    void on(DealExpectedCloseChanged event, EventMessage<?> message, @SequenceNumber long sequence) {
        expectedCloseOn = event.expectedCloseOn();
        lastOccurredAt = event.occurredAt();
        addFact(event, message, sequence);
    }

    @EventSourcingHandler
    void on(DealClosed event, EventMessage<?> message, @SequenceNumber long sequence) {
        closed = event;
        lastOccurredAt = event.occurredAt();
        stalledSince = null; // the close ends the episode; it is no revival
        addFact(event, message, sequence);
    }

    @EventSourcingHandler
    void on(DealStalled event, EventMessage<?> message, @SequenceNumber long sequence) {
        stalledSince = event.since();
        addFact(event, message, sequence);
    }

    @EventSourcingHandler
    void on(DealRevived event, EventMessage<?> message, @SequenceNumber long sequence) {
        stalledSince = null;
        addFact(event, message, sequence);
    }

    /** The fact of one of the deal's own events, if the contract makes one of it; its id is the event's. */
    private void addFact(Events.DealEvent event, EventMessage<?> message, long sequence) {
        DealFacts.of(message.getIdentifier(), event.toContract(sequence)).ifPresent(facts::add);
    }

    @EventSourcingHandler
    void on(CommitmentFactRecorded event) {
        aggregateId = DealIds.aggregateId(event.tenantId(), event.dealId());
        tenantId = event.tenantId();
        dealId = event.dealId();
        commitmentFactIds.add(event.fact().factId());
        if (event.fact().dealFact() != null) {
            facts.add(event.fact().dealFact());
        }
    }

    @EventSourcingHandler
    void on(StallCheckScheduled event) {
        stallCheckAt = event.checkAt();
        stallCheckDeadlineId = event.deadlineId();
    }
}
