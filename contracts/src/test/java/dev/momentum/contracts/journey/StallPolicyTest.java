package dev.momentum.contracts.journey;

import static dev.momentum.contracts.commitment.Direction.BUYER_INTERNAL;
import static dev.momentum.contracts.commitment.Direction.BUYER_TO_SELLER;
import static dev.momentum.contracts.commitment.Direction.SELLER_INTERNAL;
import static dev.momentum.contracts.commitment.Direction.SELLER_TO_BUYER;
import static dev.momentum.contracts.deal.StallReason.CLOSE_DATE_PUSHED;
import static dev.momentum.contracts.deal.StallReason.INACTIVITY;
import static dev.momentum.contracts.deal.StallReason.MISSED_BUYER_COMMITMENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StallReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stall rules as a table: each case is a deal's timeline (days since {@code T0}), the instant
 * of the query and the episodes expected. Defaults unless a case says otherwise: inactivity 14
 * days, 2 buyer misses, 2 close-date pushes.
 */
class StallPolicyTest {

    /** Day 0 of every timeline; {@code day(n)} is n days later. */
    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    /** An episode still open at now. */
    private static final Instant OPEN = null;

    static Stream<Case> rules() {
        return Stream.of(
                // --- opening and nothing else
                example("no opened fact: no episodes, whatever else happened")
                        .facts(missed(day(1), "c1", BUYER_TO_SELLER), missed(day(2), "c2", BUYER_TO_SELLER))
                        .now(day(60))
                        .expect(),
                example("no opened fact before now: not open yet")
                        .facts(opened(day(10), "LEARN"))
                        .now(day(5))
                        .expect(),

                // --- INACTIVITY
                example("INACTIVITY one instant short of the threshold: not stalled")
                        .facts(opened(day(0), "LEARN"))
                        .now(day(14).minusSeconds(1))
                        .expect(),
                example("INACTIVITY threshold exactly reached at now: stalled, without any new event")
                        .facts(opened(day(0), "LEARN"))
                        .now(day(14))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY)),
                example("INACTIVITY starts at last progress + threshold, not at now")
                        .facts(opened(day(0), "LEARN"))
                        .now(day(40))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY)),
                example("INACTIVITY is measured since the last progress (stage change)")
                        .facts(opened(day(0), "LEARN"), staged(day(10), "EVALUATE"))
                        .now(day(40))
                        .expect(episode(day(24), OPEN, "EVALUATE", INACTIVITY)),
                example("INACTIVITY is measured since the last progress (kept commitment)")
                        .facts(opened(day(0), "LEARN"), kept(day(10), "c1", SELLER_TO_BUYER))
                        .now(day(40))
                        .expect(episode(day(24), OPEN, "LEARN", INACTIVITY)),
                example("INACTIVITY: made, missed, pushed and pulled-in are not progress")
                        .facts(
                                opened(day(0), "LEARN"),
                                made(day(5), "c1", BUYER_TO_SELLER),
                                missed(day(8), "c1", BUYER_TO_SELLER),
                                pushed(day(9)),
                                pulledIn(day(10)))
                        .now(day(20))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY)),
                example("INACTIVITY episode ended by progress; counting restarts from it")
                        .facts(opened(day(0), "LEARN"), staged(day(20), "EVALUATE"))
                        .now(day(40))
                        .expect(
                                episode(day(14), day(20), "LEARN", INACTIVITY),
                                episode(day(34), OPEN, "EVALUATE", INACTIVITY)),
                example("INACTIVITY not yet reached again after the progress that ended an episode")
                        .facts(opened(day(0), "LEARN"), staged(day(20), "EVALUATE"))
                        .now(day(33))
                        .expect(episode(day(14), day(20), "LEARN", INACTIVITY)),
                example("INACTIVITY with a non-default threshold (P3D)")
                        .thresholds(new StallThresholds(Duration.ofDays(3), 2, 2))
                        .facts(opened(day(0), "LEARN"), staged(day(2), "EVALUATE"))
                        .now(day(10))
                        .expect(episode(day(5), OPEN, "EVALUATE", INACTIVITY)),

                // --- MISSED_BUYER_COMMITMENTS
                example("MISSED one buyer miss, one short of the threshold: not stalled")
                        .facts(opened(day(0), "LEARN"), missed(day(3), "c1", BUYER_TO_SELLER))
                        .now(day(6))
                        .expect(),
                example("MISSED threshold reached: starts at the miss that reaches it (both buyer directions)")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_INTERNAL))
                        .now(day(6))
                        .expect(episode(day(5), OPEN, "LEARN", MISSED_BUYER_COMMITMENTS)),
                example("MISSED seller misses do not count")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(1), "s1", SELLER_TO_BUYER),
                                missed(day(2), "s2", SELLER_INTERNAL),
                                missed(day(3), "c1", BUYER_TO_SELLER))
                        .now(day(6))
                        .expect(),
                example("MISSED the same commitment missed twice counts once")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c1", BUYER_TO_SELLER))
                        .now(day(6))
                        .expect(),
                example("MISSED a redelivered miss (same fact id) counts once")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(3), "c1", BUYER_TO_SELLER))
                        .now(day(6))
                        .expect(),
                example("MISSED reset by a kept commitment in any direction (seller's here)")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                kept(day(4), "s1", SELLER_TO_BUYER),
                                missed(day(5), "c2", BUYER_TO_SELLER))
                        .now(day(6))
                        .expect(),
                example("MISSED reset by a stage change")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                staged(day(4), "EVALUATE"),
                                missed(day(5), "c2", BUYER_TO_SELLER))
                        .now(day(6))
                        .expect(),
                example("MISSED a commitment kept late is progress: ends the episode")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER),
                                kept(day(6), "c1", BUYER_TO_SELLER))
                        .now(day(7))
                        .expect(episode(day(5), day(6), "LEARN", MISSED_BUYER_COMMITMENTS)),
                example("MISSED after a reset, a new episode needs the threshold again")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(1), "c1", BUYER_TO_SELLER),
                                missed(day(2), "c2", BUYER_TO_SELLER),
                                staged(day(3), "EVALUATE"),
                                missed(day(4), "c3", BUYER_TO_SELLER),
                                missed(day(6), "c4", BUYER_INTERNAL))
                        .now(day(7))
                        .expect(
                                episode(day(2), day(3), "LEARN", MISSED_BUYER_COMMITMENTS),
                                episode(day(6), OPEN, "EVALUATE", MISSED_BUYER_COMMITMENTS)),
                example("MISSED with a non-default threshold (3): two are not enough")
                        .thresholds(new StallThresholds(Duration.ofDays(14), 3, 2))
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(1), "c1", BUYER_TO_SELLER),
                                missed(day(2), "c2", BUYER_TO_SELLER),
                                missed(day(4), "c3", BUYER_TO_SELLER))
                        .now(day(5))
                        .expect(episode(day(4), OPEN, "LEARN", MISSED_BUYER_COMMITMENTS)),

                // --- CLOSE_DATE_PUSHED
                example("PUSHED once, one short of the threshold: not stalled")
                        .facts(opened(day(0), "LEARN"), pushed(day(2)))
                        .now(day(5))
                        .expect(),
                example("PUSHED threshold reached: starts at the push that reaches it")
                        .facts(opened(day(0), "LEARN"), pushed(day(2)), pushed(day(4)))
                        .now(day(5))
                        .expect(episode(day(4), OPEN, "LEARN", CLOSE_DATE_PUSHED)),
                example("PUSHED pulling the date in neither counts nor resets")
                        .facts(opened(day(0), "LEARN"), pushed(day(2)), pulledIn(day(3)), pushed(day(4)))
                        .now(day(5))
                        .expect(episode(day(4), OPEN, "LEARN", CLOSE_DATE_PUSHED)),
                example("PUSHED reset by a stage change")
                        .facts(opened(day(0), "LEARN"), pushed(day(2)), staged(day(3), "EVALUATE"), pushed(day(4)))
                        .now(day(5))
                        .expect(),
                example("PUSHED reset by a kept commitment")
                        .facts(opened(day(0), "LEARN"), pushed(day(2)), kept(day(3), "c1", BUYER_TO_SELLER), pushed(day(4)))
                        .now(day(5))
                        .expect(),
                example("PUSHED with a non-default threshold (1)")
                        .thresholds(new StallThresholds(Duration.ofDays(14), 2, 1))
                        .facts(opened(day(0), "LEARN"), pushed(day(2)))
                        .now(day(5))
                        .expect(episode(day(2), OPEN, "LEARN", CLOSE_DATE_PUSHED)),

                // --- revisits and the episode's stage
                example("revisit: moving back to an earlier stage is progress and ends the episode")
                        .facts(
                                opened(day(0), "LEARN"),
                                staged(day(2), "EVALUATE"),
                                pushed(day(3)),
                                pushed(day(4)),
                                staged(day(6), "LEARN"))
                        .now(day(7))
                        .expect(episode(day(4), day(6), "EVALUATE", CLOSE_DATE_PUSHED)),
                example("stage of an episode is the stage at its start, not the current one")
                        .facts(
                                opened(day(0), "LEARN"),
                                staged(day(1), "EVALUATE"),
                                staged(day(2), "NEGOTIATE"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(4), "c2", BUYER_TO_SELLER),
                                staged(day(5), "DECIDE"))
                        .now(day(6))
                        .expect(episode(day(4), day(5), "NEGOTIATE", MISSED_BUYER_COMMITMENTS)),

                // --- several reasons, and an episode already open
                example("several reasons: second miss and second push at the same instant")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(1), "c1", BUYER_TO_SELLER),
                                pushed(day(2)),
                                missed(day(3), "c2", BUYER_TO_SELLER),
                                pushed(day(3)))
                        .now(day(4))
                        .expect(episode(day(3), OPEN, "LEARN", MISSED_BUYER_COMMITMENTS, CLOSE_DATE_PUSHED)),
                example("several reasons: second miss at exactly the inactivity threshold")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(1), "c1", BUYER_TO_SELLER),
                                missed(day(14), "c2", BUYER_TO_SELLER))
                        .now(day(20))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY, MISSED_BUYER_COMMITMENTS)),
                example("open episode: later conditions start nothing and add no reason")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER),
                                pushed(day(6)),
                                pushed(day(7)),
                                missed(day(8), "c3", BUYER_TO_SELLER))
                        .now(day(30))
                        .expect(episode(day(5), OPEN, "LEARN", MISSED_BUYER_COMMITMENTS)),
                example("open episode: inactivity passing while stalled by misses changes nothing, "
                                + "then after the progress inactivity counts again")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER),
                                staged(day(20), "EVALUATE"))
                        .now(day(40))
                        .expect(
                                episode(day(5), day(20), "LEARN", MISSED_BUYER_COMMITMENTS),
                                episode(day(34), OPEN, "EVALUATE", INACTIVITY)),

                // --- ties at the same instant
                example("tie: progress at exactly the inactivity threshold wins, no episode")
                        .facts(opened(day(0), "LEARN"), staged(day(14), "EVALUATE"))
                        .now(day(20))
                        .expect(),
                example("tie: kept at exactly the inactivity threshold wins, no episode")
                        .facts(opened(day(0), "LEARN"), kept(day(14), "c1", SELLER_INTERNAL))
                        .now(day(27))
                        .expect(),
                example("tie: a miss at the instant of a stage change counts after it")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER),
                                staged(day(5), "EVALUATE"))
                        .now(day(6))
                        .expect(),
                example("tie: a push at the instant of a kept commitment counts after it")
                        .facts(opened(day(0), "LEARN"), pushed(day(2)), pushed(day(4)), kept(day(4), "c1", BUYER_TO_SELLER))
                        .now(day(6))
                        .expect(),
                example("tie: with a threshold of 1, a miss at the instant of a progress stalls again at once, "
                                + "in the new stage")
                        .thresholds(new StallThresholds(Duration.ofDays(14), 1, 2))
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(2), "c1", BUYER_TO_SELLER),
                                missed(day(4), "c2", BUYER_TO_SELLER),
                                staged(day(4), "EVALUATE"))
                        .now(day(6))
                        .expect(
                                episode(day(2), day(4), "LEARN", MISSED_BUYER_COMMITMENTS),
                                episode(day(4), OPEN, "EVALUATE", MISSED_BUYER_COMMITMENTS)),
                example("tie: two stage changes at one instant are applied in fact-id order")
                        .facts(
                                opened(day(0), "LEARN"),
                                // ids chosen so that hash order differs from id order
                                new DealFact.StageChanged("q", day(2), "NEGOTIATE"),
                                new DealFact.StageChanged("b", day(2), "EVALUATE"),
                                pushed(day(3)),
                                pushed(day(4)))
                        .now(day(5))
                        .expect(episode(day(4), OPEN, "NEGOTIATE", CLOSE_DATE_PUSHED)),

                // --- closed deals
                example("close ends the open episode")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER),
                                closed(day(8), DealOutcome.LOST))
                        .now(day(60))
                        .expect(episode(day(5), day(8), "LEARN", MISSED_BUYER_COMMITMENTS)),
                example("close ends an inactivity episode")
                        .facts(opened(day(0), "LEARN"), closed(day(20), DealOutcome.NO_DECISION))
                        .now(day(60))
                        .expect(episode(day(14), day(20), "LEARN", INACTIVITY)),
                example("closed deal: inactivity no longer counts after the close")
                        .facts(opened(day(0), "LEARN"), closed(day(5), DealOutcome.WON))
                        .now(day(60))
                        .expect(),
                example("closed deal: facts after the close are ignored")
                        .facts(
                                opened(day(0), "LEARN"),
                                closed(day(5), DealOutcome.LOST),
                                missed(day(6), "c1", BUYER_TO_SELLER),
                                missed(day(7), "c2", BUYER_TO_SELLER),
                                pushed(day(8)),
                                pushed(day(9)),
                                staged(day(10), "EVALUATE"))
                        .now(day(60))
                        .expect(),
                example("closed deal: only the first close counts")
                        .facts(
                                opened(day(0), "LEARN"),
                                closed(day(20), DealOutcome.LOST),
                                new DealFact.Closed("close-again", day(30), DealOutcome.WON))
                        .now(day(60))
                        .expect(episode(day(14), day(20), "LEARN", INACTIVITY)),
                example("tie: nothing starts at the instant of the close (second miss recorded with it)")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER),
                                closed(day(5), DealOutcome.LOST))
                        .now(day(60))
                        .expect(),
                example("tie: a close at exactly the inactivity threshold wins, no episode")
                        .facts(opened(day(0), "LEARN"), closed(day(14), DealOutcome.ABANDONED))
                        .now(day(60))
                        .expect(),
                example("a close after now is not known yet: still open and stalled")
                        .facts(opened(day(0), "LEARN"), closed(day(20), DealOutcome.WON))
                        .now(day(16))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY)),

                // --- as of now
                example("facts after now are ignored")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER))
                        .now(day(4))
                        .expect(),
                example("a fact at exactly now counts")
                        .facts(
                                opened(day(0), "LEARN"),
                                missed(day(3), "c1", BUYER_TO_SELLER),
                                missed(day(5), "c2", BUYER_TO_SELLER))
                        .now(day(5))
                        .expect(episode(day(5), OPEN, "LEARN", MISSED_BUYER_COMMITMENTS)),
                example("a progress after now does not end the episode yet")
                        .facts(opened(day(0), "LEARN"), staged(day(20), "EVALUATE"))
                        .now(day(19))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY)),

                // --- facts before the open, several opens
                example("before the open: a buyer miss counts from the open")
                        .facts(
                                missed(day(-2), "c1", BUYER_TO_SELLER),
                                opened(day(0), "LEARN"),
                                missed(day(3), "c2", BUYER_TO_SELLER))
                        .now(day(4))
                        .expect(episode(day(3), OPEN, "LEARN", MISSED_BUYER_COMMITMENTS)),
                example("before the open: enough buyer misses stall the deal at the open")
                        .facts(
                                missed(day(-3), "c1", BUYER_TO_SELLER),
                                missed(day(-2), "c2", BUYER_INTERNAL),
                                opened(day(0), "LEARN"))
                        .now(day(4))
                        .expect(episode(day(0), OPEN, "LEARN", MISSED_BUYER_COMMITMENTS)),
                example("before the open: a kept commitment is no progress beyond the open")
                        .facts(kept(day(-5), "c1", BUYER_TO_SELLER), opened(day(0), "LEARN"))
                        .now(day(20))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY)),
                example("before the open: stage changes apply at the open, earlier first")
                        .facts(
                                staged(day(-2), "EVALUATE"),
                                staged(day(-1), "NEGOTIATE"),
                                opened(day(0), "LEARN"))
                        .now(day(20))
                        .expect(episode(day(14), OPEN, "NEGOTIATE", INACTIVITY)),
                example("several opened facts: the earliest is the open, the others are ignored")
                        .facts(
                                opened(day(0), "LEARN"),
                                new DealFact.Opened("reopened", day(10), "EVALUATE"))
                        .now(day(20))
                        .expect(episode(day(14), OPEN, "LEARN", INACTIVITY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void appliesTheRules(Case example) {
        StallPolicy policy = new StallPolicy(example.thresholds());

        assertThat(policy.episodes(example.facts(), example.now())).containsExactlyElementsOf(example.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void currentIsTheOpenEpisodeIfAny(Case example) {
        StallPolicy policy = new StallPolicy(example.thresholds());
        List<StallEpisode> expected = example.expected();
        StallEpisode last = expected.isEmpty() ? null : expected.get(expected.size() - 1);

        assertThat(policy.current(example.facts(), example.now()).orElse(null))
                .isEqualTo(last != null && last.isOpen() ? last : null);
    }

    /** A timeline with every kind of fact and several episodes, ended by the close. */
    private static final List<DealFact> RICH_TIMELINE = List.of(
            missed(day(-1), "c0", BUYER_TO_SELLER),
            opened(day(0), "LEARN"),
            made(day(1), "c1", BUYER_TO_SELLER),
            made(day(1), "c2", BUYER_INTERNAL),
            missed(day(3), "c1", BUYER_TO_SELLER),
            pushed(day(3)),
            kept(day(4), "s1", SELLER_TO_BUYER),
            staged(day(6), "EVALUATE"),
            missed(day(7), "s2", SELLER_INTERNAL),
            missed(day(8), "c2", BUYER_INTERNAL),
            pushed(day(8)),
            missed(day(9), "c3", BUYER_TO_SELLER),
            pushed(day(9)),
            kept(day(12), "c2", BUYER_INTERNAL),
            staged(day(12), "NEGOTIATE"),
            pulledIn(day(14)),
            staged(day(30), "EVALUATE"),
            pushed(day(31)),
            pushed(day(32)),
            closed(day(33), DealOutcome.LOST),
            missed(day(34), "c4", BUYER_TO_SELLER),
            missed(day(35), "c5", BUYER_TO_SELLER));

    private static final List<StallEpisode> RICH_EPISODES = List.of(
            episode(day(3), day(4), "LEARN", MISSED_BUYER_COMMITMENTS), // c0 (before the open), then c1
            episode(day(9), day(12), "EVALUATE", MISSED_BUYER_COMMITMENTS, CLOSE_DATE_PUSHED),
            episode(day(26), day(30), "NEGOTIATE", INACTIVITY), // 14 days after the last progress
            episode(day(32), day(33), "EVALUATE", CLOSE_DATE_PUSHED)); // then closed: later misses ignored

    @Test
    void sameFactsInAnyOrderWithDuplicatesGiveTheSameEpisodes() {
        StallPolicy policy = StallPolicy.withDefaults();
        Random random = new Random(20250321L);
        List<StallEpisode> baseline = policy.episodes(RICH_TIMELINE, day(60));

        for (int round = 0; round < 500; round++) {
            List<DealFact> shuffled = new ArrayList<>(RICH_TIMELINE);
            int duplicates = random.nextInt(RICH_TIMELINE.size());
            for (int d = 0; d < duplicates; d++) {
                shuffled.add(RICH_TIMELINE.get(random.nextInt(RICH_TIMELINE.size())));
            }
            Collections.shuffle(shuffled, random);

            assertThat(policy.episodes(shuffled, day(60))).as("round %d: %s", round, shuffled).isEqualTo(baseline);
        }
    }

    @Test
    void richTimelineGivesItsEpisodes() {
        assertThat(StallPolicy.withDefaults().episodes(RICH_TIMELINE, day(60))).containsExactlyElementsOf(RICH_EPISODES);
        assertThat(StallPolicy.withDefaults().current(RICH_TIMELINE, day(60))).isEmpty();
    }

    @Test
    void twoDifferentFactsWithTheSameIdAreRejected() {
        List<DealFact> facts = List.of(
                opened(day(0), "LEARN"),
                new DealFact.CommitmentMissed("e1", day(3), "c1", BUYER_TO_SELLER),
                new DealFact.CommitmentMissed("e1", day(4), "c1", BUYER_TO_SELLER));

        assertThatThrownBy(() -> StallPolicy.withDefaults().episodes(facts, day(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("e1");
    }

    @Test
    void episodesAreImmutableWithReasonsInEnumOrder() {
        List<StallEpisode> episodes = StallPolicy.withDefaults().episodes(List.of(
                opened(day(0), "LEARN"),
                pushed(day(1)),
                missed(day(1), "c1", BUYER_TO_SELLER),
                pushed(day(14)),
                missed(day(14), "c2", BUYER_TO_SELLER)), day(20));

        assertThat(episodes).hasSize(1);
        assertThat(episodes.get(0).reasons()).containsExactly(INACTIVITY, MISSED_BUYER_COMMITMENTS, CLOSE_DATE_PUSHED);
        assertThat(episodes.get(0).isOpen()).isTrue();
        assertThatThrownBy(() -> episodes.add(episodes.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> episodes.get(0).reasons().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aHugeInactivityThresholdNeverElapses() {
        StallPolicy policy = new StallPolicy(new StallThresholds(Duration.ofSeconds(Long.MAX_VALUE), 2, 2));

        assertThat(policy.episodes(List.of(opened(day(0), "LEARN")), Instant.MAX)).isEmpty();
        assertThat(policy.episodes(List.of(opened(day(0), "LEARN"), staged(day(1), "EVALUATE")), Instant.MAX))
                .isEmpty();
    }

    @Test
    void thresholdsDefaultToTheDocumentedValues() {
        assertThat(StallThresholds.defaults()).isEqualTo(new StallThresholds(Duration.ofDays(14), 2, 2));
        assertThat(StallPolicy.withDefaults().thresholds()).isEqualTo(StallThresholds.defaults());
    }

    @Test
    void thresholdsMustBePositive() {
        assertThatThrownBy(() -> new StallThresholds(Duration.ZERO, 2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StallThresholds(Duration.ofDays(-1), 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StallThresholds(Duration.ofDays(14), 0, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StallThresholds(Duration.ofDays(14), 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StallThresholds(null, 2, 2)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void episodesAndFactsRejectIncoherentValues() {
        assertThatThrownBy(() -> new StallEpisode(day(2), day(1), "LEARN", Set.of(INACTIVITY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StallEpisode(day(1), null, "LEARN", Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DealFact.Opened(" ", day(0), "LEARN")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DealFact.CommitmentMissed("e1", day(0), "c1", null))
                .isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- the table's little language

    private static Instant day(int days) {
        return T0.plus(Duration.ofDays(days));
    }

    // Fact ids are derived from the content, so repeating a fact in a case repeats its id (a duplicate).
    private static DealFact opened(Instant at, String stage) {
        return new DealFact.Opened("opened@" + at, at, stage);
    }

    private static DealFact staged(Instant at, String stage) {
        return new DealFact.StageChanged("staged:" + stage + "@" + at, at, stage);
    }

    private static DealFact pushed(Instant at) {
        return new DealFact.ExpectedCloseChanged("pushed@" + at, at, true);
    }

    private static DealFact pulledIn(Instant at) {
        return new DealFact.ExpectedCloseChanged("pulled-in@" + at, at, false);
    }

    private static DealFact closed(Instant at, DealOutcome outcome) {
        return new DealFact.Closed("closed@" + at, at, outcome);
    }

    private static DealFact made(Instant at, String commitmentId, Direction direction) {
        return new DealFact.CommitmentMade("made:" + commitmentId + "@" + at, at, commitmentId, direction);
    }

    private static DealFact kept(Instant at, String commitmentId, Direction direction) {
        return new DealFact.CommitmentKept("kept:" + commitmentId + "@" + at, at, commitmentId, direction);
    }

    private static DealFact missed(Instant at, String commitmentId, Direction direction) {
        return new DealFact.CommitmentMissed("missed:" + commitmentId + "@" + at, at, commitmentId, direction);
    }

    private static StallEpisode episode(Instant start, Instant end, String stage, StallReason... reasons) {
        return new StallEpisode(start, end, stage, Set.of(reasons));
    }

    private static Case example(String name) {
        return new Case(name, StallThresholds.defaults(), List.of(), null, List.of());
    }

    /** One row of the table. */
    record Case(String name, StallThresholds thresholds, List<DealFact> facts, Instant now, List<StallEpisode> expected) {

        Case thresholds(StallThresholds value) {
            return new Case(name, value, facts, now, expected);
        }

        Case facts(DealFact... value) {
            return new Case(name, thresholds, List.of(value), now, expected);
        }

        Case now(Instant value) {
            return new Case(name, thresholds, facts, value, expected);
        }

        Case expect(StallEpisode... value) {
            return new Case(name, thresholds, facts, now, List.of(value));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
