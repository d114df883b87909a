package dev.momentum.contracts.journey;

import static dev.momentum.contracts.commitment.Direction.BUYER_INTERNAL;
import static dev.momentum.contracts.commitment.Direction.BUYER_TO_SELLER;
import static dev.momentum.contracts.commitment.Direction.SELLER_TO_BUYER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.EventType;
import dev.momentum.contracts.Samples;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StallReason;
import dev.momentum.contracts.event.MomentumEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the assessment adds to the episodes: buyer misses since progress, the next change, "stalled at t". */
class JourneyAssessmentTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private final StallPolicy policy = StallPolicy.withDefaults();

    @Test
    void buyerMissesSinceProgressCountsDistinctBuyerMissesAfterTheLastProgress() {
        List<DealFact> facts = List.of(opened(day(0)), missed(day(1), "c1", BUYER_TO_SELLER),
                kept(day(2), "c2", SELLER_TO_BUYER), missed(day(3), "c3", BUYER_INTERNAL),
                missed(day(4), "c3", BUYER_INTERNAL), missed(day(4), "c4", SELLER_TO_BUYER));
        JourneyAssessment assessment = policy.assess(facts, day(5));
        assertThat(assessment.buyerMissesSinceProgress()).isEqualTo(1); // c1 before the keep, c3 once, c4 is the seller's
        assertThat(assessment.opened()).isTrue();
        assertThat(assessment.open()).isTrue();
        assertThat(assessment.stalled()).isFalse();
        assertThat(policy.assess(facts, day(2)).buyerMissesSinceProgress()).isZero();
        assertThat(policy.assess(facts, day(1)).buyerMissesSinceProgress()).isEqualTo(1);
    }

    @Test
    void aMissBeforeTheOpenCountsAtTheOpenAndAMissAtAProgressCountsAfterIt() {
        List<DealFact> facts = List.of(missed(day(-3), "c0", BUYER_TO_SELLER), opened(day(0)),
                staged(day(2), "ENGAGE"), missed(day(2), "c1", BUYER_TO_SELLER));
        assertThat(policy.assess(facts, day(1)).buyerMissesSinceProgress()).isEqualTo(1);
        assertThat(policy.assess(facts, day(2)).buyerMissesSinceProgress()).isEqualTo(1);
    }

    @Test
    void nothingAfterTheCloseCounts() {
        List<DealFact> facts = List.of(opened(day(0)), missed(day(1), "c1", BUYER_TO_SELLER),
                closed(day(2)), missed(day(3), "c2", BUYER_TO_SELLER));
        JourneyAssessment assessment = policy.assess(facts, day(30));
        assertThat(assessment.buyerMissesSinceProgress()).isEqualTo(1);
        assertThat(assessment.open()).isFalse();
        assertThat(assessment.nextChangeAt()).isNull();
        assertThat(assessment.stalledAt(day(30))).isFalse();
    }

    @Test
    void nextChangeIsTheInactivityStallWhileNotStalledAndNoneOnceStalled() {
        List<DealFact> facts = List.of(opened(day(0)), staged(day(3), "ENGAGE"));
        assertThat(policy.assess(facts, day(5)).nextChangeAt()).isEqualTo(day(17));
        assertThat(policy.assess(facts, day(17)).nextChangeAt()).isNull();
        assertThat(policy.assess(facts, day(17)).stalled()).isTrue();
        assertThat(policy.assess(List.of(), day(5)).nextChangeAt()).isNull();
        assertThat(policy.assess(List.of(), day(5)).opened()).isFalse();
    }

    @Test
    void stalledAtFromAnAssessmentAsOfTheEndOfTimeAgreesWithAssessmentsAsOfEachInstant() {
        List<DealFact> facts = List.of(opened(day(0)), missed(day(2), "c1", BUYER_TO_SELLER),
                missed(day(4), "c2", BUYER_TO_SELLER), staged(day(6), "ENGAGE"));
        JourneyAssessment ifNothingElse = policy.assess(facts, JourneyAssessment.END_OF_TIME);
        assertThat(ifNothingElse.current()).get().extracting(StallEpisode::start).isEqualTo(day(20));
        for (int d = 6; d < 40; d++) {
            assertThat(ifNothingElse.stalledAt(day(d))).as("day %d", d).isEqualTo(policy.assess(facts, day(d)).stalled());
            assertThat(JourneyAssessment.startedBy(ifNothingElse.current().get().start(), day(d)))
                    .isEqualTo(policy.assess(facts, day(d)).stalled());
        }
        assertThat(JourneyAssessment.startedBy(null, day(1))).isFalse();
    }

    @Test
    void episodesAndCurrentAreTheAssessments() {
        List<DealFact> facts = List.of(opened(day(0)), missed(day(2), "c1", BUYER_TO_SELLER),
                missed(day(4), "c2", BUYER_TO_SELLER));
        JourneyAssessment assessment = policy.assess(facts, day(5));
        assertThat(assessment.episodes()).containsExactly(
                new StallEpisode(day(4), null, "LEARN", Set.of(StallReason.MISSED_BUYER_COMMITMENTS)));
        assertThat(policy.episodes(facts, day(5))).isEqualTo(assessment.episodes());
        assertThat(policy.current(facts, day(5))).isEqualTo(assessment.current());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyContractEventMapsToItsFactOrToNothing(EventType type) {
        MomentumEvent event = Samples.event(type);
        var fact = DealFacts.of("ce-1", event);
        switch (type) {
            case COMMITMENT_RENEGOTIATED, COMMITMENT_WITHDRAWN, DEAL_STALLED, DEAL_REVIVED -> assertThat(fact).isEmpty();
            default -> {
                assertThat(fact).isPresent();
                assertThat(fact.get().factId()).isEqualTo("ce-1");
                assertThat(fact.get().at()).isEqualTo(event.occurredAt());
                Class<?> expected = switch (type) {
                    case COMMITMENT_MADE -> DealFact.CommitmentMade.class;
                    case COMMITMENT_KEPT -> DealFact.CommitmentKept.class;
                    case COMMITMENT_MISSED -> DealFact.CommitmentMissed.class;
                    case DEAL_OPENED -> DealFact.Opened.class;
                    case DEAL_STAGE_CHANGED -> DealFact.StageChanged.class;
                    case DEAL_EXPECTED_CLOSE_CHANGED -> DealFact.ExpectedCloseChanged.class;
                    default -> DealFact.Closed.class;
                };
                assertThat(fact.get()).isInstanceOf(expected);
            }
        }
    }

    private static Instant day(int days) {
        return T0.plus(Duration.ofDays(days));
    }

    private static DealFact opened(Instant at) {
        return new DealFact.Opened("opened@" + at, at, "LEARN");
    }

    private static DealFact staged(Instant at, String stage) {
        return new DealFact.StageChanged("staged:" + stage + "@" + at, at, stage);
    }

    private static DealFact closed(Instant at) {
        return new DealFact.Closed("closed@" + at, at, DealOutcome.LOST);
    }

    private static DealFact kept(Instant at, String commitmentId, Direction direction) {
        return new DealFact.CommitmentKept("kept:" + commitmentId + "@" + at, at, commitmentId, direction);
    }

    private static DealFact missed(Instant at, String commitmentId, Direction direction) {
        return new DealFact.CommitmentMissed("missed:" + commitmentId + "@" + at, at, commitmentId, direction);
    }
}
