package dev.momentum.analytics.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentRenegotiated;
import dev.momentum.contracts.event.CommitmentWithdrawn;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealEvent;
import dev.momentum.contracts.event.DealExpectedCloseChanged;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.journey.StallEpisode;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.contracts.json.ContractJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Derives a deal's documents from the set of its facts: a pure function, so the order in which the
 * facts arrived and their duplicates cannot change anything.
 *
 * <ul>
 *   <li>Deal events are applied by {@code sequence}; the open starts the first visit, each stage change
 *       ends the current visit ({@code ADVANCED}/{@code REGRESSED}) and starts the next, the first close ends
 *       the last one with its outcome (stage changes after the close are ignored).
 *   <li>Stall episodes come from the shared {@link StallPolicy}, evaluated with a far-future {@code now}:
 *       the episodes that exist as of a real {@code now} are exactly those starting at or before it.
 *   <li>A commitment's events are applied by {@code sequence}; its shape is the latest event's. Final status:
 *       kept ({@code KEPT} when kept at or before its last {@code dueAt}, else {@code KEPT_LATE}), otherwise
 *       {@code WITHDRAWN} if withdrawn, otherwise {@code MISSED} if ever missed, otherwise {@code OPEN}.
 *   <li>Something that happened before the open belongs to the first visit (as for the stall policy); at or
 *       after the close, to no visit.
 * </ul>
 */
public final class JourneyBuilder {

    /** "As if no other fact came": later than any business time. */
    public static final Instant FAR_FUTURE = Instant.parse("9000-01-01T00:00:00Z");
    private static final ObjectMapper JSON = ContractJson.mapper();
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    private final StallPolicy policy;

    public JourneyBuilder(StallPolicy policy) {
        this.policy = policy;
    }

    public record Derived(DealDoc deal, List<VisitDoc> visits, List<CommitmentDoc> commitments) {
    }

    private record Fact(FactDoc doc, MomentumEvent event) {
    }

    public static MomentumEvent decode(FactDoc fact) {
        try {
            return JSON.readValue(fact.payload(), EventType.forCeType(fact.ceType()).payloadType());
        } catch (IOException e) {
            throw new UncheckedIOException("Stored fact " + fact.factId() + " cannot be read", e);
        }
    }

    public Derived build(String tenantId, String dealId, List<FactDoc> docs) {
        String dealKey = FactDoc.dealKey(tenantId, dealId);
        Map<String, FactDoc> unique = new java.util.TreeMap<>();
        docs.forEach(d -> unique.putIfAbsent(d.factId(), d)); // one fact per ce_id
        List<Fact> facts = unique.values().stream().map(d -> new Fact(d, decode(d)))
                .sorted(Comparator.comparingLong((Fact f) -> f.event().sequence()).thenComparing(f -> f.doc().factId()))
                .toList();
        List<DealEvent> dealEvents = new ArrayList<>();
        Map<String, List<CommitmentEvent>> byCommitment = new LinkedHashMap<>();
        List<DealFact> policyFacts = new ArrayList<>();
        for (Fact fact : facts) {
            MomentumEvent event = fact.event();
            if (event instanceof DealEvent deal) {
                dealEvents.add(deal);
            } else if (event instanceof CommitmentEvent commitment) {
                byCommitment.computeIfAbsent(commitment.commitmentId(), k -> new ArrayList<>()).add(commitment);
            }
            DealFact policyFact = policyFact(fact.doc().factId(), event);
            if (policyFact != null) {
                policyFacts.add(policyFact);
            }
        }

        DealOpened opened = dealEvents.stream().filter(DealOpened.class::isInstance).map(DealOpened.class::cast)
                .findFirst().orElse(null);
        List<VisitDoc> visits = new ArrayList<>();
        DealDoc deal = null;
        if (opened != null) {
            List<StallEpisode> episodes = policy.episodes(policyFacts, FAR_FUTURE);
            List<MutableVisit> stays = stays(opened, dealEvents);
            DealClosed closed = dealEvents.stream().filter(DealClosed.class::isInstance).map(DealClosed.class::cast)
                    .findFirst().orElse(null);
            // misses per visit
            for (List<CommitmentEvent> events : byCommitment.values()) {
                CommitmentEvent shape = events.get(events.size() - 1);
                for (CommitmentEvent event : events) {
                    if (event instanceof CommitmentMissed) {
                        MutableVisit stay = visitAt(stays, event.occurredAt());
                        if (stay != null) {
                            stay.missedKeys.add(patternKey(stay.stage, shape));
                        }
                    }
                }
            }
            for (int i = 0; i < stays.size(); i++) {
                MutableVisit stay = stays.get(i);
                StallEpisode first = episodes.stream()
                        .filter(e -> !e.start().isBefore(stay.entryAt) && (stay.exitAt == null || e.start().isBefore(stay.exitAt)))
                        .min(Comparator.comparing(StallEpisode::start)).orElse(null);
                Double dwell = stay.exitAt == null ? null
                        : Duration.between(stay.entryAt, stay.exitAt).toMillis() / MILLIS_PER_DAY;
                visits.add(new VisitDoc(tenantId, dealId, dealKey, opened.pipeline(), opened.segment(), opened.owner(), i,
                        stay.stage, opened.stages().indexOf(stay.stage), stay.entryAt, stay.exitAt,
                        stay.exit == null ? VisitDoc.OPEN : stay.exit,
                        dwell, first == null ? null : first.start(),
                        first == null ? null : first.reasons().stream().map(Enum::name).toList(),
                        List.copyOf(stay.missedKeys)));
            }
            StallEpisode last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
            boolean open = closed == null;
            StallEpisode current = open && last != null && last.isOpen() ? last : null;
            MutableVisit currentStay = stays.get(stays.size() - 1);
            LocalDate expectedClose = opened.expectedCloseOn();
            for (DealEvent event : dealEvents) {
                if (event instanceof DealExpectedCloseChanged changed) {
                    expectedClose = changed.expectedCloseOn();
                }
            }
            deal = new DealDoc(tenantId, dealId, dealKey, opened.name(), opened.account(), opened.segment(), opened.owner(),
                    opened.amount(), opened.currency(), opened.pipeline(), opened.stages(),
                    closed != null ? closed.stage() : currentStay.stage, open,
                    closed == null ? null : closed.outcome().name(), expectedClose, opened.occurredAt(),
                    closed == null ? null : closed.occurredAt(), stays.size() - 1, currentStay.entryAt,
                    List.copyOf(currentStay.missedKeys), current == null ? null : current.start(),
                    current == null ? null : current.reasons().stream().map(Enum::name).toList());
        }

        List<CommitmentDoc> commitments = new ArrayList<>();
        for (List<CommitmentEvent> events : byCommitment.values()) {
            commitments.add(commitment(tenantId, dealId, dealKey, events, opened, visits));
        }
        return new Derived(deal, visits, commitments);
    }

    public static String patternKey(String stage, CommitmentEvent shape) {
        return stage + "|" + shape.category().name() + "|" + shape.direction().name() + "|" + shape.madeBy().role().name();
    }

    private static final class MutableVisit {
        final String stage;
        final Instant entryAt;
        Instant exitAt;
        String exit;
        final TreeSet<String> missedKeys = new TreeSet<>();

        MutableVisit(String stage, Instant entryAt) {
            this.stage = stage;
            this.entryAt = entryAt;
        }
    }

    private static List<MutableVisit> stays(DealOpened opened, List<DealEvent> dealEvents) {
        List<MutableVisit> stays = new ArrayList<>();
        MutableVisit current = new MutableVisit(opened.stage(), opened.occurredAt());
        stays.add(current);
        for (DealEvent event : dealEvents) {
            if (event.sequence() < opened.sequence()) {
                continue;
            }
            if (event instanceof DealStageChanged changed) {
                current.exitAt = changed.occurredAt();
                current.exit = changed.change().name();
                current = new MutableVisit(changed.to(), changed.occurredAt());
                stays.add(current);
            } else if (event instanceof DealClosed closed) {
                current.exitAt = closed.occurredAt();
                current.exit = closed.outcome().name();
                break;
            }
        }
        return stays;
    }

    /** The visit containing {@code at}: [entry, exit); before the open counts as the first visit. */
    private static MutableVisit visitAt(List<MutableVisit> stays, Instant at) {
        MutableVisit found = null;
        for (MutableVisit stay : stays) {
            if (!at.isBefore(stay.entryAt) && (stay.exitAt == null || at.isBefore(stay.exitAt))) {
                found = stay; // the last one that contains it (zero-length visits contain nothing)
            }
        }
        if (found == null && at.isBefore(stays.get(0).entryAt)) {
            found = stays.get(0);
        }
        return found;
    }

    private static Integer visitIndexAt(List<VisitDoc> visits, Instant at) {
        Integer found = null;
        for (VisitDoc visit : visits) {
            if (!at.isBefore(visit.entryAt()) && (visit.exitAt() == null || at.isBefore(visit.exitAt()))) {
                found = visit.visitIndex();
            }
        }
        if (found == null && !visits.isEmpty() && at.isBefore(visits.get(0).entryAt())) {
            found = 0;
        }
        return found;
    }

    private static CommitmentDoc commitment(String tenantId, String dealId, String dealKey, List<CommitmentEvent> events,
            DealOpened opened, List<VisitDoc> visits) {
        CommitmentEvent shape = events.get(events.size() - 1);
        Instant madeAt = null;
        String description = null;
        Instant keptAt = null;
        Instant firstMissedAt = null;
        Instant withdrawnAt = null;
        int renegotiations = 0;
        for (CommitmentEvent event : events) {
            if (event instanceof CommitmentMade made) {
                madeAt = made.occurredAt();
                description = made.description();
            } else if (event instanceof CommitmentKept kept) {
                keptAt = kept.occurredAt();
            } else if (event instanceof CommitmentMissed missed) {
                if (firstMissedAt == null || missed.occurredAt().isBefore(firstMissedAt)) {
                    firstMissedAt = missed.occurredAt();
                }
            } else if (event instanceof CommitmentWithdrawn withdrawn) {
                withdrawnAt = withdrawn.occurredAt();
            } else if (event instanceof CommitmentRenegotiated renegotiated) {
                renegotiations = Math.max(renegotiations, renegotiated.renegotiations());
            }
        }
        if (madeAt == null) {
            madeAt = events.stream().map(CommitmentEvent::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
        }
        String status;
        if (keptAt != null) {
            status = keptAt.isAfter(shape.dueAt()) ? "KEPT_LATE" : "KEPT";
        } else if (withdrawnAt != null) {
            status = "WITHDRAWN";
        } else if (firstMissedAt != null) {
            status = "MISSED";
        } else {
            status = "OPEN";
        }
        Integer visit = visitIndexAt(visits, madeAt);
        return new CommitmentDoc(tenantId, dealId, dealKey, shape.commitmentId(), shape.category().name(),
                shape.direction().name(), shape.direction().isBuyer(), shape.madeBy().side().name(),
                shape.madeBy().role().name(), shape.madeBy().name(), shape.madeTo().side().name(),
                shape.madeTo().role().name(), shape.madeTo().name(), description, madeAt, shape.dueAt(), keptAt,
                firstMissedAt, withdrawnAt, renegotiations, shape.sequence(), status,
                visit == null ? null : visits.get(visit).stage(), visit,
                opened == null ? null : opened.pipeline(), opened == null ? null : opened.segment(),
                opened == null ? null : opened.owner());
    }

    private static DealFact policyFact(String id, MomentumEvent event) {
        if (event instanceof DealOpened e) {
            return new DealFact.Opened(id, e.occurredAt(), e.stage());
        } else if (event instanceof DealStageChanged e) {
            return new DealFact.StageChanged(id, e.occurredAt(), e.to());
        } else if (event instanceof DealExpectedCloseChanged e) {
            return new DealFact.ExpectedCloseChanged(id, e.occurredAt(), e.pushed());
        } else if (event instanceof DealClosed e) {
            return new DealFact.Closed(id, e.occurredAt(), e.outcome());
        } else if (event instanceof CommitmentMade e) {
            return new DealFact.CommitmentMade(id, e.occurredAt(), e.commitmentId(), e.direction());
        } else if (event instanceof CommitmentKept e) {
            return new DealFact.CommitmentKept(id, e.occurredAt(), e.commitmentId(), e.direction());
        } else if (event instanceof CommitmentMissed e) {
            return new DealFact.CommitmentMissed(id, e.occurredAt(), e.commitmentId(), e.direction());
        }
        return null;
    }
}
