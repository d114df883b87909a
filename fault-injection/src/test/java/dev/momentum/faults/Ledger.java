package dev.momentum.faults;

import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.client.ImportItems.CommitmentOutcome;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.Party;
import dev.momentum.client.ImportItems.StageChange;
import dev.momentum.contracts.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one fault's load did, as the client saw it: every answer (by status, and each 5xx that is not a 503
 * during an outage), every accepted command with the events it must produce in the analytics, and the
 * histories of the tenant's deals and commitments for the independent computation of the figures.
 */
final class Ledger {

    /** After a dependency is back, a service may still answer 503 while it reconnects. */
    static final Duration OUTAGE_GRACE = Duration.ofSeconds(10);

    /** An accepted command and the events it must be reflected by, each exactly once. */
    record Command(String what, String dealId, List<String> keys) {
    }

    /** A commitment left open with a near due date: its automatic miss must fire once. */
    record AutoMiss(String dealId, String commitmentId, Instant dueAt) {
        String key() {
            return Ledger.key(commitmentId, EventType.COMMITMENT_MISSED, "");
        }
    }

    private record Outage(String what, Instant from, Instant to) {
    }

    final String tenant;
    private final List<Command> accepted = new ArrayList<>();
    private final List<AutoMiss> autoMisses = new ArrayList<>();
    private final Map<String, DealHistory> deals = new LinkedHashMap<>();
    private final Map<String, CommitmentHistory> commitments = new LinkedHashMap<>();
    private final List<Outage> outages = new ArrayList<>();
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long violationCount;
    private long sent;
    private long ok;
    private Instant firstSent;
    private Instant lastAnswered;
    private String currentOutage;
    private Instant currentOutageFrom;

    Ledger(String tenant) {
        this.tenant = tenant;
    }

    static String key(String subject, EventType type, String discriminator) {
        return subject + "|" + type.ceType() + "|" + discriminator;
    }

    // --- outages: while one lasts (plus a grace), a 503 is the right answer ---

    synchronized void outageBegins(String what) {
        currentOutage = what;
        currentOutageFrom = Instant.now();
    }

    synchronized void outageEnds() {
        if (currentOutage != null) {
            outages.add(new Outage(currentOutage, currentOutageFrom, Instant.now()));
            currentOutage = null;
        }
    }

    private boolean duringOutage(Http.Answer answer) {
        if (currentOutage != null && !answer.answeredAt().isBefore(currentOutageFrom)) {
            return true;
        }
        for (Outage outage : outages) {
            if (!answer.answeredAt().isBefore(outage.from()) && !answer.sentAt().isAfter(outage.to().plus(OUTAGE_GRACE))) {
                return true;
            }
        }
        return false;
    }

    // --- answers ---

    /** Counts an answer; a 5xx is a violation unless it is a 503 during an outage. */
    synchronized void answered(String operation, Http.Answer answer) {
        sent++;
        if (firstSent == null || answer.sentAt().isBefore(firstSent)) {
            firstSent = answer.sentAt();
        }
        if (lastAnswered == null || answer.answeredAt().isAfter(lastAnswered)) {
            lastAnswered = answer.answeredAt();
        }
        String status = answer.answered() ? String.valueOf(answer.status()) : "no answer";
        byStatus.merge(status, 1L, Long::sum);
        if (answer.ok()) {
            ok++;
        }
        if (answer.serverError() && !(answer.status() == 503 && duringOutage(answer))) {
            violationCount++;
            if (violations.size() < 8) {
                violations.add(answer.sentAt() + " " + operation + ": " + answer.describe());
            }
        }
    }

    synchronized long sent() {
        return sent;
    }

    synchronized long okAnswers() {
        return ok;
    }

    synchronized Map<String, Long> byStatus() {
        return new TreeMap<>(byStatus);
    }

    synchronized long violationCount() {
        return violationCount;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Requests per second over the time the load ran: {all sent, 2xx}. */
    synchronized double[] rates() {
        if (firstSent == null || lastAnswered == null) {
            return new double[] {0, 0};
        }
        double seconds = Math.max(1, Duration.between(firstSent, lastAnswered).toMillis() / 1000.0);
        return new double[] {sent / seconds, ok / seconds};
    }

    // --- accepted commands and the histories they make ---

    synchronized void dealOpened(String dealId, String name, String firstStage, Instant at) {
        deals.put(dealId, new DealHistory(dealId, name, firstStage, at, new ArrayList<>()));
        accepted.add(new Command("open deal", dealId, List.of(key(dealId, EventType.DEAL_OPENED, ""))));
    }

    synchronized void stageChanged(String dealId, String stage, Instant at) {
        deals.get(dealId).stages().add(new StageChange(stage, at));
        accepted.add(new Command("stage " + stage, dealId, List.of(key(dealId, EventType.DEAL_STAGE_CHANGED, stage))));
    }

    synchronized void commitmentMade(CommitmentItem made, boolean automaticMiss) {
        commitments.put(made.commitmentId(), new CommitmentHistory(made));
        accepted.add(new Command("make", made.dealId(), List.of(key(made.commitmentId(), EventType.COMMITMENT_MADE, ""))));
        if (automaticMiss) {
            autoMisses.add(new AutoMiss(made.dealId(), made.commitmentId(), made.dueAt()));
        }
    }

    synchronized void commitmentResolved(String commitmentId, String status, Instant at) {
        CommitmentHistory history = commitments.get(commitmentId);
        history.outcome = new CommitmentOutcome(status, at, null);
        EventType type = status.equals("KEPT") ? EventType.COMMITMENT_KEPT : EventType.COMMITMENT_MISSED;
        accepted.add(new Command(status.toLowerCase(), history.item.dealId(), List.of(key(commitmentId, type, ""))));
    }

    /** An imported deal history: its open and every stage change, one command. */
    synchronized void dealImported(DealItem item) {
        deals.put(item.dealId(), new DealHistory(item.dealId(), item.name(), item.stage(), item.occurredAt(),
                new ArrayList<>(item.stages())));
        List<String> keys = new ArrayList<>();
        keys.add(key(item.dealId(), EventType.DEAL_OPENED, ""));
        item.stages().forEach(change -> keys.add(key(item.dealId(), EventType.DEAL_STAGE_CHANGED, change.stage())));
        accepted.add(new Command("import deal", item.dealId(), keys));
    }

    /** An imported commitment history (made, then kept or missed, or left open with a far due date). */
    synchronized void commitmentImported(CommitmentItem item) {
        CommitmentHistory history = new CommitmentHistory(item);
        history.outcome = item.outcome();
        commitments.put(item.commitmentId(), history);
        List<String> keys = new ArrayList<>();
        keys.add(key(item.commitmentId(), EventType.COMMITMENT_MADE, ""));
        if (item.outcome() != null) {
            keys.add(key(item.commitmentId(), item.outcome().status().equals("KEPT") ? EventType.COMMITMENT_KEPT
                    : EventType.COMMITMENT_MISSED, ""));
        }
        accepted.add(new Command("import commitment", item.dealId(), keys));
    }

    synchronized List<Command> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<AutoMiss> autoMisses() {
        return List.copyOf(autoMisses);
    }

    synchronized boolean knowsDeal(String dealId) {
        return deals.containsKey(dealId);
    }

    /** The deals as import items, for {@code ExpectedFigures}. */
    synchronized List<DealItem> dealItems() {
        return deals.values().stream().map(d -> new DealItem(d.dealId(), d.name(), null, null, null, null, null, null,
                d.firstStage(), null, d.openedAt(), d.stages().stream().sorted(Comparator.comparing(StageChange::occurredAt)).toList(),
                List.of(), null)).toList();
    }

    /** The commitments as import items (outcome as accepted; automatic misses follow from the due date). */
    synchronized List<CommitmentItem> commitmentItems() {
        return commitments.values().stream().map(c -> new CommitmentItem(c.item.commitmentId(), c.item.dealId(),
                c.item.category(), c.item.description(), c.item.madeBy(), c.item.madeTo(), c.item.dueAt(),
                c.item.occurredAt(), List.of(), c.outcome)).toList();
    }

    private record DealHistory(String dealId, String name, String firstStage, Instant openedAt, List<StageChange> stages) {
    }

    private static final class CommitmentHistory {
        final CommitmentItem item;
        CommitmentOutcome outcome;

        CommitmentHistory(CommitmentItem item) {
            this.item = item;
        }
    }

    static Party buyer() {
        return new Party("BUYER", "CHAMPION");
    }

    static Party seller() {
        return new Party("SELLER", "ACCOUNT_EXECUTIVE");
    }
}
