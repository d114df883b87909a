package dev.momentum.analytics.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealEvent;
import dev.momentum.contracts.event.DealExpectedCloseChanged;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.journey.DealFacts;
import dev.momentum.contracts.journey.JourneyAssessment;
import dev.momentum.contracts.journey.StallEpisode;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.contracts.json.ContractJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Derives a deal's documents from the set of its facts: a pure function, so the order in which the
 * facts arrived and their duplicates cannot change anything.
 *
 * <ul>
 *   <li>Deal events are applied by {@code sequence}: the visits are the deal's {@link Stay stays} in its
 *       stages, from the open to the first close.
 *   <li>Stall episodes come from the shared {@link StallPolicy}, assessed as of
 *       {@link JourneyAssessment#END_OF_TIME}: the episodes that exist as of a real {@code now} are exactly
 *       those that {@link JourneyAssessment#startedBy started by} it.
 *   <li>A commitment's events are applied by {@code sequence} ({@link CommitmentSummary}); its shape is the
 *       latest event's, its status {@link dev.momentum.contracts.journey.CommitmentOutcome#of}.
 *   <li>Something that happened before the open belongs to the first visit (as for the stall policy); at or
 *       after the close, to no visit.
 * </ul>
 */
public final class JourneyBuilder {

    private static final ObjectMapper JSON = ContractJson.mapper();

    private final StallPolicy policy;

    public JourneyBuilder(StallPolicy policy) {
        this.policy = policy;
    }

    public record Derived(DealDoc deal, List<VisitDoc> visits, List<CommitmentDoc> commitments) {
    }

    public static MomentumEvent decode(FactDoc fact) {
        try {
            return JSON.readValue(fact.payload(), EventType.forCeType(fact.ceType()).payloadType());
        } catch (IOException e) {
            throw new UncheckedIOException("Stored fact " + fact.factId() + " cannot be read", e);
        }
    }

    public Derived build(String tenantId, String dealId, List<FactDoc> docs) {
        Timeline timeline = Timeline.of(docs);
        List<CommitmentSummary> commitments = timeline.commitments().stream().map(CommitmentSummary::of).toList();
        DealOpened opened = timeline.first(DealOpened.class);
        DealRef deal = DealRef.of(tenantId, dealId, opened);
        if (opened == null) {
            return new Derived(null, List.of(), commitmentDocs(deal, commitments, List.of()));
        }
        JourneyAssessment assessment = policy.assess(timeline.dealFacts(), JourneyAssessment.END_OF_TIME);
        List<Stay> stays = Stay.history(opened, timeline.dealEvents());
        List<VisitDoc> visits = visitDocs(deal, opened, stays, missedKeys(stays, commitments), assessment.episodes());
        DealDoc dealDoc = DealDoc.of(deal, opened, timeline.first(DealClosed.class),
                expectedCloseOn(opened, timeline.dealEvents()), visits.get(visits.size() - 1),
                StallMark.of(assessment.current()));
        return new Derived(dealDoc, visits, commitmentDocs(deal, commitments, stays));
    }

    /**
     * A deal's distinct facts ({@code ce_id}), decoded, in {@code sequence} order (then {@code ce_id}): its
     * deal events, its commitments' events by commitment, and the {@link DealFact}s the policy reads.
     */
    private record Timeline(List<DealEvent> dealEvents, Collection<List<CommitmentEvent>> commitments,
            List<DealFact> dealFacts) {

        private record Decoded(String factId, MomentumEvent event) {
        }

        static Timeline of(List<FactDoc> docs) {
            Map<String, FactDoc> unique = new TreeMap<>();
            docs.forEach(d -> unique.putIfAbsent(d.factId(), d));
            List<Decoded> facts = unique.values().stream().map(d -> new Decoded(d.factId(), decode(d)))
                    .sorted(Comparator.comparingLong((Decoded f) -> f.event().sequence()).thenComparing(Decoded::factId))
                    .toList();
            List<DealEvent> dealEvents = new ArrayList<>();
            Map<String, List<CommitmentEvent>> byCommitment = new LinkedHashMap<>();
            List<DealFact> dealFacts = new ArrayList<>();
            for (Decoded fact : facts) {
                if (fact.event() instanceof DealEvent deal) {
                    dealEvents.add(deal);
                } else if (fact.event() instanceof CommitmentEvent commitment) {
                    byCommitment.computeIfAbsent(commitment.commitmentId(), k -> new ArrayList<>()).add(commitment);
                }
                DealFacts.of(fact.factId(), fact.event()).ifPresent(dealFacts::add);
            }
            return new Timeline(dealEvents, byCommitment.values(), dealFacts);
        }

        /** The first deal event of this type, or null. */
        <T extends DealEvent> T first(Class<T> type) {
            return dealEvents.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
        }
    }

    /** Per stay, the distinct pattern keys of the commitments missed during it. */
    private static List<SortedSet<String>> missedKeys(List<Stay> stays, List<CommitmentSummary> commitments) {
        List<SortedSet<String>> keys = new ArrayList<>();
        stays.forEach(stay -> keys.add(new TreeSet<>()));
        for (CommitmentSummary commitment : commitments) {
            for (Instant missedAt : commitment.missedAt()) {
                Integer visit = Stay.indexAt(stays, missedAt);
                if (visit != null) {
                    keys.get(visit).add(commitment.missPattern(stays.get(visit).stage()).key());
                }
            }
        }
        return keys;
    }

    /** One document per stay, with the first stall episode that starts inside it. */
    private static List<VisitDoc> visitDocs(DealRef deal, DealOpened opened, List<Stay> stays,
            List<SortedSet<String>> missedKeys, List<StallEpisode> episodes) {
        List<VisitDoc> visits = new ArrayList<>();
        for (int i = 0; i < stays.size(); i++) {
            Stay stay = stays.get(i);
            StallMark firstStall = StallMark.of(episodes.stream().filter(e -> stay.contains(e.start()))
                    .min(Comparator.comparing(StallEpisode::start)));
            visits.add(VisitDoc.of(deal, i, opened.stages().indexOf(stay.stage()), stay, firstStall,
                    List.copyOf(missedKeys.get(i))));
        }
        return visits;
    }

    /** The open's expected close date, as the later changes (in {@code sequence} order) set it. */
    private static LocalDate expectedCloseOn(DealOpened opened, List<DealEvent> dealEvents) {
        LocalDate expectedClose = opened.expectedCloseOn();
        for (DealEvent event : dealEvents) {
            if (event instanceof DealExpectedCloseChanged changed) {
                expectedClose = changed.expectedCloseOn();
            }
        }
        return expectedClose;
    }

    /** One document per commitment, with the visit it was made in (none before the deal is opened). */
    private static List<CommitmentDoc> commitmentDocs(DealRef deal, List<CommitmentSummary> commitments,
            List<Stay> stays) {
        List<CommitmentDoc> docs = new ArrayList<>();
        for (CommitmentSummary commitment : commitments) {
            Integer visit = Stay.indexAt(stays, commitment.madeAt());
            docs.add(CommitmentDoc.of(deal, commitment, visit, visit == null ? null : stays.get(visit).stage()));
        }
        return docs;
    }
}
