package dev.momentum.analytics.support;

import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.event.CommitmentKept;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.CommitmentMissed;
import dev.momentum.contracts.event.CommitmentRenegotiated;
import dev.momentum.contracts.event.CommitmentWithdrawn;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealExpectedCloseChanged;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.DealStageChanged;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.json.ContractJson;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates realistic deal journeys and remembers, by construction, what happened: the visits, each
 * commitment's fate and its miss. The expectations are computed from this model, not by the service's code.
 */
public final class JourneyGenerator {

    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    public static final String PIPELINE = "buyer-journey";
    public static final List<String> STAGES = List.of("Qualification", "Discovery", "Evaluation", "Proposal", "Negotiation");
    public static final String OTHER_PIPELINE = "expansion";
    public static final List<String> OTHER_STAGES = List.of("Scoping", "Offer", "Closing");
    public static final List<String> SEGMENTS = List.of("SMB", "MID", "ENT");
    public static final List<String> OWNERS = List.of("alice", "bob", "carol");
    private static final List<CommitmentCategory> CATEGORIES =
            List.of(CommitmentCategory.DEMO, CommitmentCategory.DECISION, CommitmentCategory.NEXT_MEETING);
    private static final Instant BASE = Instant.parse("2025-01-06T09:00:00Z");
    private static final Instant LAST = NOW.minus(Duration.ofHours(1));

    /** One published event: {@code ce_id}, payload, {@code ce_time}. */
    public record Published(String id, MomentumEvent event, Instant recordedAt) {
        /** The fact the projection stores for it, as the decoder of a record makes it. */
        public FactDoc fact() {
            try {
                String type = EventCodec.toCloudEvent(id, event, URI.create("/momentum/test"), recordedAt).getType();
                return new FactDoc(id, event.tenantId(), event.dealId(), FactDoc.dealKey(event.tenantId(), event.dealId()),
                        type, event.aggregateId(), event.sequence(), event.occurredAt(), recordedAt,
                        ContractJson.mapper().writeValueAsString(event));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static final class Visit {
        public final String stage;
        public final Instant entry;
        public Instant exit;
        public String exitType = "OPEN";

        Visit(String stage, Instant entry) {
            this.stage = stage;
            this.entry = entry;
        }

        public boolean contains(Instant at) {
            return !at.isBefore(entry) && (exit == null || at.isBefore(exit));
        }
    }

    public static final class Commitment {
        public String id;
        public CommitmentCategory category;
        public Party madeBy;
        public Party madeTo;
        public Direction direction;
        public Instant madeAt;
        public Instant dueAt;
        /** by construction: KEPT, KEPT_LATE, MISSED, WITHDRAWN or OPEN */
        public String status = "OPEN";
        public Instant missedAt;
    }

    public static final class Deal {
        public String tenantId;
        public String dealId;
        public String name;
        public String pipeline;
        public List<String> stages;
        public String segment;
        public String owner;
        public boolean closed;
        public final List<Visit> visits = new ArrayList<>();
        public final List<Commitment> commitments = new ArrayList<>();
        public final List<Published> events = new ArrayList<>();
        public final List<DealFact> facts = new ArrayList<>();
        long pipelineSequence;

        public Visit current() {
            return visits.get(visits.size() - 1);
        }
    }

    private final Random random;
    /** the other tenant's deal whose ids the deal being generated reuses, if any */
    private Deal twin;
    public final List<Deal> deals = new ArrayList<>();

    private final int maxSteps;
    private final int maxCommitmentsPerStep;

    public JourneyGenerator(long seed) {
        this(seed, 6, 3);
    }

    /** Smaller journeys for volume: up to {@code maxSteps} stage moves, up to {@code maxCommitmentsPerStep} commitments each. */
    public JourneyGenerator(long seed, int maxSteps, int maxCommitmentsPerStep) {
        this.random = new Random(seed);
        this.maxSteps = maxSteps;
        this.maxCommitmentsPerStep = maxCommitmentsPerStep;
    }

    public List<Published> events() {
        return deals.stream().flatMap(d -> d.events.stream()).toList();
    }

    public JourneyGenerator generate(int count, String tenantId) {
        for (int i = 0; i < count; i++) {
            deals.add(deal(tenantId, i));
        }
        return this;
    }

    /**
     * For each of {@code twins} (another tenant's deals), a deal of {@code tenantId} with the twin's deal id and
     * name whose commitments take the twin's commitment ids in order: the same ids, a journey of its own.
     */
    public JourneyGenerator generateTwins(String tenantId, List<Deal> twins) {
        for (int i = 0; i < twins.size(); i++) {
            twin = twins.get(i);
            try {
                deals.add(deal(tenantId, i));
            } finally {
                twin = null;
            }
        }
        return this;
    }

    /** The planted cause of {@link #plantedCause}: a decision the economic buyer owes the buying team, missed. */
    public static final String PLANTED = "Evaluation|DECISION|BUYER_INTERNAL|ECONOMIC_BUYER";
    /** The spurious pattern of {@link #plantedCause}: three missed demos, each in a visit that stalled. */
    public static final String SPURIOUS = "Evaluation|DEMO|BUYER_TO_SELLER|CHAMPION";

    /**
     * Scripted journeys of {@code tenantId}, every one a single visit of Evaluation in {@link #PIPELINE}: a strong
     * planted cause ({@link #PLANTED} missed in 60 visits, 45 of which stall because the economic buyer misses a
     * second decision), 120 background visits (15 stall by inactivity, 30 miss a next meeting once) and a spurious
     * pattern with little support ({@link #SPURIOUS} missed in 3 visits that all stall by inactivity): its lift is
     * higher than the planted cause's, its evidence much weaker.
     */
    public JourneyGenerator plantedCause(String tenantId) {
        Party economicBuyer = Party.buyer(Role.ECONOMIC_BUYER, "Elena");
        Party team = Party.buyer(Role.TEAM, null);
        Party champion = Party.buyer(Role.CHAMPION, "Dana");
        Party seller = Party.seller(Role.ACCOUNT_EXECUTIVE, "Marco");
        int n = 0;
        for (int i = 0; i < 60; i++) {
            Deal deal = scriptedDeal(tenantId, n++);
            Instant t = deal.visits.get(0).entry;
            missed(deal, t.plus(Duration.ofHours(2)), CommitmentCategory.DECISION, economicBuyer, team);
            if (i < 45) {
                missed(deal, t.plus(Duration.ofDays(2)), CommitmentCategory.DECISION, economicBuyer, team);
            }
            close(deal, t.plus(Duration.ofDays(10)));
        }
        for (int i = 0; i < 120; i++) {
            Deal deal = scriptedDeal(tenantId, n++);
            Instant t = deal.visits.get(0).entry;
            if (i % 4 == 0) {
                missed(deal, t.plus(Duration.ofHours(3)), CommitmentCategory.NEXT_MEETING, champion, seller);
            }
            if (i >= 15) {
                close(deal, t.plus(Duration.ofDays(10)));
            }
        }
        for (int i = 0; i < 3; i++) {
            Deal deal = scriptedDeal(tenantId, n++);
            missed(deal, deal.visits.get(0).entry.plus(Duration.ofHours(4)), CommitmentCategory.DEMO, champion, seller);
        }
        return this;
    }

    private Deal scriptedDeal(String tenantId, int n) {
        Deal deal = new Deal();
        deal.tenantId = tenantId;
        deal.dealId = "deal-" + tenantId + "-" + n;
        deal.name = "Deal " + n;
        deal.pipeline = PIPELINE;
        deal.stages = STAGES;
        deal.segment = SEGMENTS.get(n % SEGMENTS.size());
        deal.owner = OWNERS.get(n % OWNERS.size());
        Instant t = BASE.plus(Duration.ofHours(37L * n));
        emit(deal, new DealOpened(tenantId, deal.dealId, 0, t, deal.name, "Account " + n, deal.segment,
                new BigDecimal("1000.50"), "EUR", deal.owner, deal.pipeline, deal.stages, "Evaluation",
                t.atZone(ZoneOffset.UTC).toLocalDate().plusDays(90)), t);
        deal.facts.add(new DealFact.Opened(lastId(deal), t, "Evaluation"));
        deal.visits.add(new Visit("Evaluation", t));
        deal.pipelineSequence = 0;
        deals.add(deal);
        return deal;
    }

    private void missed(Deal deal, Instant madeAt, CommitmentCategory category, Party madeBy, Party madeTo) {
        Commitment c = new Commitment();
        c.id = "c-" + deal.dealId + "-" + deal.commitments.size();
        c.category = category;
        c.madeBy = madeBy;
        c.madeTo = madeTo;
        c.direction = Direction.of(madeBy.side(), madeTo.side());
        c.madeAt = madeAt;
        c.dueAt = madeAt.plus(Duration.ofDays(2));
        c.status = "MISSED";
        c.missedAt = c.dueAt.plus(Duration.ofMinutes(1));
        deal.commitments.add(c);
        emit(deal, new CommitmentMade(deal.tenantId, deal.dealId, c.id, 0, madeAt, category, madeBy, madeTo, c.dueAt,
                "promise"), madeAt);
        deal.facts.add(new DealFact.CommitmentMade(lastId(deal), madeAt, c.id, c.direction));
        emit(deal, new CommitmentMissed(deal.tenantId, deal.dealId, c.id, 1, c.missedAt, category, madeBy, madeTo,
                c.dueAt, CommitmentMissed.DUE_DATE_PASSED), c.missedAt);
        deal.facts.add(new DealFact.CommitmentMissed(lastId(deal), c.missedAt, c.id, c.direction));
    }

    private void close(Deal deal, Instant at) {
        deal.pipelineSequence++;
        emit(deal, new DealClosed(deal.tenantId, deal.dealId, deal.pipelineSequence, at, deal.pipeline, "Evaluation",
                DealOutcome.WON, null, null), at);
        deal.facts.add(new DealFact.Closed(lastId(deal), at, DealOutcome.WON));
        deal.current().exit = at;
        deal.current().exitType = DealOutcome.WON.name();
        deal.closed = true;
    }

    private String id() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private Duration hours(int min, int max) {
        return Duration.ofHours(min + random.nextInt(max - min + 1)).plusMinutes(random.nextInt(60));
    }

    private Deal deal(String tenantId, int n) {
        Deal deal = new Deal();
        deal.tenantId = tenantId;
        deal.dealId = "deal-" + tenantId + "-" + n + "-" + id().substring(0, 8);
        deal.name = "Deal " + n;
        if (twin != null) {
            deal.dealId = twin.dealId;
            deal.name = twin.name;
        }
        boolean other = random.nextInt(100) < 15;
        deal.pipeline = other ? OTHER_PIPELINE : PIPELINE;
        deal.stages = other ? OTHER_STAGES : STAGES;
        deal.segment = random.nextInt(10) == 0 ? null : SEGMENTS.get(random.nextInt(SEGMENTS.size()));
        deal.owner = OWNERS.get(random.nextInt(OWNERS.size()));
        Instant t = BASE.plus(Duration.ofDays(random.nextInt(330))).plus(hours(0, 23));
        long[] seq = {0};
        int idx = random.nextInt(10) == 0 ? 1 : 0;
        LocalDate expectedClose = t.atZone(ZoneOffset.UTC).toLocalDate().plusDays(90);
        emit(deal, new DealOpened(tenantId, deal.dealId, seq[0], t, deal.name, "Account " + n, deal.segment,
                new BigDecimal("1000.50"), "EUR", deal.owner, deal.pipeline, deal.stages, deal.stages.get(idx), expectedClose), t);
        deal.facts.add(new DealFact.Opened(lastId(deal), t, deal.stages.get(idx)));
        deal.visits.add(new Visit(deal.stages.get(idx), t));
        boolean willClose = random.nextInt(100) < 55;
        int steps = 1 + random.nextInt(maxSteps);
        outer:
        for (int step = 0; step < steps; step++) {
            int made = random.nextInt(maxCommitmentsPerStep + 1);
            for (int c = 0; c < made; c++) {
                t = t.plus(hours(1, 60));
                if (t.isAfter(LAST.minus(Duration.ofDays(2)))) {
                    break outer;
                }
                commitment(deal, t);
            }
            if (random.nextInt(100) < 25) {
                t = t.plus(hours(1, 30));
                if (t.isAfter(LAST)) {
                    break;
                }
                LocalDate pushed = expectedClose.plusDays(14);
                seq[0] += 1 + random.nextInt(2);
                emit(deal, new DealExpectedCloseChanged(tenantId, deal.dealId, seq[0], t, deal.pipeline,
                        deal.current().stage, expectedClose, pushed), t);
                deal.facts.add(new DealFact.ExpectedCloseChanged(lastId(deal), t, true));
                expectedClose = pushed;
            }
            t = t.plus(Duration.ofDays(1 + random.nextInt(25))).plus(hours(0, 23));
            if (t.isAfter(LAST)) {
                break;
            }
            boolean last = step == steps - 1;
            if (last && !willClose) {
                break;
            }
            seq[0] += 1 + random.nextInt(2);
            if (last || (idx == deal.stages.size() - 1 && random.nextBoolean())) {
                DealOutcome outcome = DealOutcome.values()[random.nextInt(DealOutcome.values().length)];
                emit(deal, new DealClosed(tenantId, deal.dealId, seq[0], t, deal.pipeline, deal.current().stage, outcome,
                        null, null), t);
                deal.facts.add(new DealFact.Closed(lastId(deal), t, outcome));
                deal.current().exit = t;
                deal.current().exitType = outcome.name();
                deal.closed = true;
                break;
            }
            int next;
            StageChange change;
            if (idx > 0 && (random.nextInt(100) < 15 || idx == deal.stages.size() - 1)) {
                next = idx - 1;
                change = StageChange.REGRESSED;
            } else {
                next = Math.min(deal.stages.size() - 1, idx + 1 + (random.nextInt(10) == 0 ? 1 : 0));
                change = StageChange.ADVANCED;
            }
            emit(deal, new DealStageChanged(tenantId, deal.dealId, seq[0], t, deal.pipeline, deal.stages.get(idx),
                    deal.stages.get(next), change), t);
            deal.facts.add(new DealFact.StageChanged(lastId(deal), t, deal.stages.get(next)));
            deal.current().exit = t;
            deal.current().exitType = change.name();
            deal.visits.add(new Visit(deal.stages.get(next), t));
            idx = next;
        }
        return deal;
    }

    private void commitment(Deal deal, Instant madeAt) {
        Commitment c = new Commitment();
        c.id = "c-" + id();
        int k = deal.commitments.size();
        if (twin != null && k < twin.commitments.size()) {
            c.id = twin.commitments.get(k).id;
        }
        c.category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
        switch (random.nextInt(3)) {
            case 0 -> {
                c.madeBy = Party.buyer(Role.CHAMPION, "Dana");
                c.madeTo = Party.seller(Role.ACCOUNT_EXECUTIVE, "Marco");
            }
            case 1 -> {
                c.madeBy = Party.buyer(Role.ECONOMIC_BUYER, "Elena");
                c.madeTo = Party.buyer(Role.TEAM, null);
            }
            default -> {
                c.madeBy = Party.seller(Role.ACCOUNT_EXECUTIVE, "Marco");
                c.madeTo = Party.buyer(Role.CHAMPION, "Dana");
            }
        }
        c.direction = Direction.of(c.madeBy.side(), c.madeTo.side());
        c.madeAt = madeAt;
        c.dueAt = madeAt.plus(Duration.ofDays(2 + random.nextInt(10))).plus(hours(0, 12));
        deal.commitments.add(c);
        long seq = 0;
        String tenant = deal.tenantId;
        emit(deal, new CommitmentMade(tenant, deal.dealId, c.id, seq, madeAt, c.category, c.madeBy, c.madeTo, c.dueAt,
                "promise"), madeAt);
        deal.facts.add(new DealFact.CommitmentMade(lastId(deal), madeAt, c.id, c.direction));
        int fate = random.nextInt(100);
        if (fate < 40) {
            Instant kept = madeAt.plusSeconds((long) (Duration.between(madeAt, c.dueAt).toSeconds() * (0.2 + 0.8 * random.nextDouble())));
            if (kept.isAfter(LAST)) {
                return;
            }
            emit(deal, new CommitmentKept(tenant, deal.dealId, c.id, ++seq, kept, c.category, c.madeBy, c.madeTo, c.dueAt,
                    false, null), kept);
            deal.facts.add(new DealFact.CommitmentKept(lastId(deal), kept, c.id, c.direction));
            c.status = "KEPT";
        } else if (fate < 70) {
            Instant missed = c.dueAt.plus(Duration.ofMinutes(1));
            if (missed.isAfter(LAST)) {
                return;
            }
            emit(deal, new CommitmentMissed(tenant, deal.dealId, c.id, ++seq, missed, c.category, c.madeBy, c.madeTo,
                    c.dueAt, CommitmentMissed.DUE_DATE_PASSED), missed);
            deal.facts.add(new DealFact.CommitmentMissed(lastId(deal), missed, c.id, c.direction));
            c.status = "MISSED";
            c.missedAt = missed;
            if (random.nextInt(100) < 35) {
                Instant late = missed.plus(hours(2, 100));
                if (late.isAfter(LAST)) {
                    return;
                }
                emit(deal, new CommitmentKept(tenant, deal.dealId, c.id, ++seq, late, c.category, c.madeBy, c.madeTo,
                        c.dueAt, true, "done late"), late);
                deal.facts.add(new DealFact.CommitmentKept(lastId(deal), late, c.id, c.direction));
                c.status = "KEPT_LATE";
            }
        } else if (fate < 80) {
            Instant withdrawn = madeAt.plus(Duration.between(madeAt, c.dueAt).dividedBy(2));
            if (withdrawn.isAfter(LAST)) {
                return;
            }
            emit(deal, new CommitmentWithdrawn(tenant, deal.dealId, c.id, ++seq, withdrawn, c.category, c.madeBy,
                    c.madeTo, c.dueAt, null), withdrawn);
            c.status = "WITHDRAWN";
        } else if (fate < 90) {
            Instant renegotiated = madeAt.plus(Duration.between(madeAt, c.dueAt).dividedBy(2));
            if (renegotiated.isAfter(LAST)) {
                return;
            }
            Instant previous = c.dueAt;
            c.dueAt = c.dueAt.plus(Duration.ofDays(5));
            emit(deal, new CommitmentRenegotiated(tenant, deal.dealId, c.id, ++seq, renegotiated, c.category, c.madeBy,
                    c.madeTo, previous, c.dueAt, 1, "later"), renegotiated);
            Instant kept = c.dueAt.minus(Duration.ofHours(3));
            if (kept.isAfter(LAST)) {
                return;
            }
            emit(deal, new CommitmentKept(tenant, deal.dealId, c.id, ++seq + 1, kept, c.category, c.madeBy, c.madeTo,
                    c.dueAt, false, null), kept);
            deal.facts.add(new DealFact.CommitmentKept(lastId(deal), kept, c.id, c.direction));
            c.status = "KEPT";
        }
    }

    private void emit(Deal deal, MomentumEvent event, Instant at) {
        deal.events.add(new Published(id(), event, at.plusSeconds(30)));
    }

    private static String lastId(Deal deal) {
        return deal.events.get(deal.events.size() - 1).id();
    }
}
