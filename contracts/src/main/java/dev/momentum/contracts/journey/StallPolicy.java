package dev.momentum.contracts.journey;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.deal.StallReason;
import dev.momentum.contracts.journey.DealFact.Closed;
import dev.momentum.contracts.journey.DealFact.CommitmentKept;
import dev.momentum.contracts.journey.DealFact.CommitmentMade;
import dev.momentum.contracts.journey.DealFact.CommitmentMissed;
import dev.momentum.contracts.journey.DealFact.ExpectedCloseChanged;
import dev.momentum.contracts.journey.DealFact.Opened;
import dev.momentum.contracts.journey.DealFact.StageChanged;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When a deal is stalled: one pure, deterministic function from a deal's timeline to its stall
 * episodes. The deal-service uses it to show a deal's status and publish {@code deal.stalled} /
 * {@code deal.revived}, the analytics-service to compute stall rates; both get the same answer from
 * the same facts.
 *
 * <h2>Rules</h2>
 *
 * Every condition is measured since the <em>last progress</em>. Progress is the deal being
 * {@link Opened opened}, a {@link StageChanged stage change} (forward or back: a revisit is progress
 * too) or a {@link CommitmentKept commitment on the deal kept} (any direction, on time or late).
 * While the deal is open it is stalled as soon as any of these holds:
 *
 * <ol>
 *   <li>{@link StallReason#INACTIVITY}: {@link StallThresholds#inactivity()} of business time passed
 *       since the last progress; the episode starts at last progress + threshold, and exists only
 *       once that instant is not after {@code now} (no event is needed for it to start).
 *   <li>{@link StallReason#MISSED_BUYER_COMMITMENTS}: {@link StallThresholds#buyerMisses()} distinct
 *       buyer commitments ({@link dev.momentum.contracts.commitment.Direction#isBuyer()}) missed since
 *       the last progress; the episode starts at the miss that reaches the threshold. A commitment
 *       missed twice counts once; seller misses never count.
 *   <li>{@link StallReason#CLOSE_DATE_PUSHED}: the expected close date {@link
 *       ExpectedCloseChanged#pushed() pushed} {@link StallThresholds#closePushes()} times since the
 *       last progress; the episode starts at the push that reaches the threshold.
 * </ol>
 *
 * An episode's {@code stage} is the stage the deal was in when it started and its {@code reasons}
 * are all the conditions holding at that instant; conditions that become true later do not change
 * it nor start another one. It ends at the next progress (which resets every counter, so a new
 * episode can start later) or at the close.
 *
 * <h2>Order of facts</h2>
 *
 * The input may be in any order and contain the same fact more than once: facts are de-duplicated
 * on {@link DealFact#factId()} and sorted by business time ({@link DealFact#at()}), then by the tie
 * order below, then by {@code factId}. So the same set of facts always gives the same episodes. At
 * one instant:
 *
 * <pre>
 *   Opened &lt; StageChanged &lt; CommitmentKept                      progress first,
 *   &lt; CommitmentMade &lt; ExpectedCloseChanged &lt; CommitmentMissed   then what can start a stall,
 *   &lt; Closed                                                     the close last
 * </pre>
 *
 * and the conditions are evaluated once all the facts of the instant are applied, unless the deal
 * closed at that instant. Hence:
 *
 * <ul>
 *   <li>a miss or push at the instant of a progress counts after that progress;
 *   <li>an inactivity threshold reached at exactly the instant of a progress starts nothing (the
 *       progress wins), nor at exactly the instant of the close;
 *   <li>nothing starts at the instant of the close (e.g. the second miss recorded with the close),
 *       so no episode has zero length;
 *   <li>conditions reached at the same instant (e.g. the second miss and the second push) give one
 *       episode with all of them as reasons;
 *   <li>two facts of the same kind at one instant apply in {@code factId} order (this only matters
 *       for two stage changes: the last one is the stage).
 * </ul>
 *
 * <h2>Edges</h2>
 *
 * <ul>
 *   <li>Without an {@link Opened} fact there are no episodes. If there are several, the earliest
 *       (then smallest {@code factId}) is the open and the others are ignored.
 *   <li>Facts before the open are taken as happening at the open, after it, in the tie order above
 *       (then earlier ones first): a buyer miss before the open counts toward the misses since the
 *       open, a stage change before the open sets the stage at the open.
 *   <li>The first {@link Closed} ends the deal: an open episode ends there, and facts after it are
 *       ignored (a deal is never reopened).
 *   <li>The answer is as of {@code now}: facts after {@code now} are ignored and the last episode is
 *       open ({@code end == null}) if the deal is still stalled at {@code now}.
 *   <li>Two different facts with the same {@code factId} are a broken timeline: {@link
 *       IllegalArgumentException}.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StallPolicy {

    private final StallThresholds thresholds;

    public StallPolicy(StallThresholds thresholds) {
        this.thresholds = requireNonNull(thresholds, "thresholds");
    }

    /** The policy with {@link StallThresholds#defaults()}. */
    public static StallPolicy withDefaults() {
        return new StallPolicy(StallThresholds.defaults());
    }

    public StallThresholds thresholds() {
        return thresholds;
    }

    /**
     * Everything the rules say about the deal as of {@code now}: its episodes, the current one, the
     * buyer misses since the last progress, and when the answer changes if no other fact comes.
     *
     * @param facts the deal's facts, in any order, duplicates allowed
     * @param now the instant the answer is for
     * @throws IllegalArgumentException if two different facts have the same {@code factId}
     */
    public JourneyAssessment assess(Collection<? extends DealFact> facts, Instant now) {
        requireNonNull(facts, "facts");
        requireNonNull(now, "now");
        Map<String, DealFact> distinct = distinct(facts);
        Run asOfNow = play(distinct, now);
        Instant nextChangeAt = null;
        if (asOfNow.open && asOfNow.episodeStart == null) {
            // only inactivity starts without a fact: when it does if nothing else happens
            Run ifNothingElse = play(distinct, JourneyAssessment.END_OF_TIME);
            if (ifNothingElse.open && ifNothingElse.episodeStart != null && ifNothingElse.episodeStart.isAfter(now)) {
                nextChangeAt = ifNothingElse.episodeStart;
            }
        }
        return new JourneyAssessment(now, asOfNow.opened, asOfNow.open, asOfNow.result(), asOfNow.buyerMisses.size(),
                nextChangeAt);
    }

    /**
     * The deal's stall episodes as of {@code now}, oldest first; only the last one can be open.
     *
     * @see #assess(Collection, Instant)
     */
    public List<StallEpisode> episodes(Collection<? extends DealFact> facts, Instant now) {
        return assess(facts, now).episodes();
    }

    /** The episode the deal is in at {@code now}, if it is stalled. */
    public Optional<StallEpisode> current(Collection<? extends DealFact> facts, Instant now) {
        return assess(facts, now).current();
    }

    private Run play(Map<String, DealFact> distinct, Instant now) {
        List<DealFact> known = distinct.values().stream().filter(f -> !f.at().isAfter(now)).toList();
        Opened open = known.stream()
                .filter(Opened.class::isInstance)
                .map(Opened.class::cast)
                .min(Comparator.comparing(Opened::at).thenComparing(Opened::factId))
                .orElse(null);
        Run run = new Run(open);
        if (open == null) {
            return run;
        }
        Instant openAt = open.at();
        Comparator<DealFact> order = Comparator.<DealFact, Instant>comparing(f -> effectiveAt(f, openAt))
                .thenComparingInt(StallPolicy::tieRank)
                .thenComparing(DealFact::at)
                .thenComparing(DealFact::factId);
        List<DealFact> timeline = known.stream()
                .filter(f -> f == open || !(f instanceof Opened))
                .sorted(order)
                .toList();
        run.play(timeline, openAt, now);
        return run;
    }

    private static Map<String, DealFact> distinct(Collection<? extends DealFact> facts) {
        Map<String, DealFact> byId = new HashMap<>();
        for (DealFact fact : facts) {
            requireNonNull(fact, "fact");
            DealFact previous = byId.putIfAbsent(fact.factId(), fact);
            if (previous != null && !previous.equals(fact)) {
                throw new IllegalArgumentException(
                        "Two different facts have the id " + fact.factId() + ": " + previous + " and " + fact);
            }
        }
        return byId;
    }

    private static Instant effectiveAt(DealFact fact, Instant openAt) {
        return fact.at().isBefore(openAt) ? openAt : fact.at();
    }

    /** The documented order of facts at the same instant. */
    private static int tieRank(DealFact fact) {
        if (fact instanceof Opened) {
            return 0;
        } else if (fact instanceof StageChanged) {
            return 1;
        } else if (fact instanceof CommitmentKept) {
            return 2;
        } else if (fact instanceof CommitmentMade) {
            return 3;
        } else if (fact instanceof ExpectedCloseChanged) {
            return 4;
        } else if (fact instanceof CommitmentMissed) {
            return 5;
        } else if (fact instanceof Closed) {
            return 6;
        }
        throw new IllegalStateException("Unknown fact " + fact);
    }

    /** The state of one evaluation, walking the timeline instant by instant. */
    private final class Run {
        private final List<StallEpisode> episodes = new ArrayList<>();
        private final boolean opened;
        private boolean open;
        private String stage;
        private Instant lastProgress;
        private final Set<String> buyerMisses = new HashSet<>();
        private int closePushes;
        private Instant episodeStart;
        private String episodeStage;
        private Set<StallReason> episodeReasons;

        Run(Opened open) {
            this.opened = open != null;
            this.open = opened;
            this.stage = open == null ? null : open.stage();
            this.lastProgress = open == null ? null : open.at();
        }

        List<StallEpisode> result() {
            List<StallEpisode> all = new ArrayList<>(episodes);
            if (episodeStart != null) {
                all.add(new StallEpisode(episodeStart, null, episodeStage, episodeReasons));
            }
            return List.copyOf(all);
        }

        void play(List<DealFact> timeline, Instant openAt, Instant now) {
            int i = 0;
            while (i < timeline.size()) {
                Instant t = effectiveAt(timeline.get(i), openAt);
                if (episodeStart == null && inactiveAt(t) && !inactiveSince().equals(t)) {
                    start(inactiveSince(), EnumSet.of(StallReason.INACTIVITY));
                }
                for (; i < timeline.size() && effectiveAt(timeline.get(i), openAt).equals(t); i++) {
                    if (!apply(timeline.get(i), t)) {
                        open = false;
                        return;
                    }
                }
                if (episodeStart == null) {
                    Set<StallReason> reasons = holdingAt(t);
                    if (!reasons.isEmpty()) {
                        start(t, reasons);
                    }
                }
            }
            if (episodeStart == null && inactiveAt(now)) {
                start(inactiveSince(), EnumSet.of(StallReason.INACTIVITY));
            }
        }

        /** Applies one fact at {@code t}; {@code false} once the deal is closed. */
        private boolean apply(DealFact fact, Instant t) {
            if (fact instanceof Opened || fact instanceof StageChanged || fact instanceof CommitmentKept) {
                end(t);
                lastProgress = t;
                buyerMisses.clear();
                closePushes = 0;
                if (fact instanceof StageChanged changed) {
                    stage = changed.stage();
                }
            } else if (fact instanceof Closed) {
                end(t);
                return false;
            } else if (fact instanceof CommitmentMissed missed && missed.direction().isBuyer()) {
                buyerMisses.add(missed.commitmentId());
            } else if (fact instanceof ExpectedCloseChanged changed && changed.pushed()) {
                closePushes++;
            }
            return true;
        }

        private Set<StallReason> holdingAt(Instant t) {
            Set<StallReason> reasons = EnumSet.noneOf(StallReason.class);
            if (inactiveAt(t)) {
                reasons.add(StallReason.INACTIVITY);
            }
            if (buyerMisses.size() >= thresholds.buyerMisses()) {
                reasons.add(StallReason.MISSED_BUYER_COMMITMENTS);
            }
            if (closePushes >= thresholds.closePushes()) {
                reasons.add(StallReason.CLOSE_DATE_PUSHED);
            }
            return reasons;
        }

        /** When the inactivity threshold is reached if nothing progresses; {@code null} if never. */
        private Instant inactiveSince() {
            try {
                return lastProgress.plus(thresholds.inactivity());
            } catch (DateTimeException | ArithmeticException beyondTime) {
                return null;
            }
        }

        /** Whether the inactivity threshold is reached at {@code t}, absent further progress. */
        private boolean inactiveAt(Instant t) {
            Instant since = inactiveSince();
            return since != null && !since.isAfter(t);
        }

        private void start(Instant at, Set<StallReason> reasons) {
            episodeStart = at;
            episodeStage = stage;
            episodeReasons = reasons;
        }

        private void end(Instant at) {
            if (episodeStart != null) {
                episodes.add(new StallEpisode(episodeStart, at, episodeStage, episodeReasons));
                episodeStart = null;
            }
        }
    }
}
