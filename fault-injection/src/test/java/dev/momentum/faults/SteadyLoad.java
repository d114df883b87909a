package dev.momentum.faults;

import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.e2e.MomentumSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady, open-loop load through the public APIs of one tenant: {@code rate} requests per second whatever
 * the answers (a request that hangs does not slow the others), bounded in count and in flight. Deals are
 * opened and moved forward stage by stage; commitments are made on them and kept (buyer commitments),
 * missed by the seller, or left to be missed automatically a few seconds later; some reads of the
 * commitment, deal and analytics APIs go along. Requests on one deal never overlap, as one user's would
 * not. Every answer goes to the {@link Ledger}; a command without a definite answer (none, or 5xx) is
 * retried with the same body every few seconds, as a client would, and once more after the load
 * ({@link #resolveUncertain()}); its deal waits meanwhile, so each deal's history stays in order.
 */
final class SteadyLoad {

    static final double RATE = 20.0;
    /**
     * No more requests than this at once: a client that piles up requests on a slow service only measures how
     * long they queue for its 10 database connections (30 s, then a 500), not the fault.
     */
    private static final int MAX_IN_FLIGHT = 40;
    /** Deals worked on at a time while they answer... */
    private static final int ACTIVE_DEALS = 25;
    /** ...and at most while they hang (each waits for its answer): then ticks are skipped. */
    private static final int MAX_ACTIVE_DEALS = 200;
    private static final int MAX_DEALS = 1500;
    private static final int COMMITMENTS_PER_DEAL = 8;
    private static final List<CommitmentCategory> CATEGORIES = List.of(CommitmentCategory.values());

    private enum Kind { KEEP_LATER, MISS_LATER, AUTOMATIC_MISS }

    private final class DealState {
        final String dealId;
        boolean busy = true;
        boolean opened;
        /** its open was refused: nothing more happens to it */
        boolean dead;
        int stage;
        int made;
        final List<String> toKeep = new ArrayList<>();
        final List<String> toMiss = new ArrayList<>();

        DealState(String dealId) {
            this.dealId = dealId;
        }

        boolean done() {
            return dead || stage == stages.size() - 1 && made >= COMMITMENTS_PER_DEAL && toKeep.isEmpty() && toMiss.isEmpty();
        }
    }

    /** A command whose outcome the client does not know yet. */
    private record Uncertain(String operation, String method, String url, Object body, Runnable onApplied,
                             String commitmentId, String expectedStatus, DealState deal, AtomicInteger retries) {
    }

    private final MomentumSystem system;
    private final Ledger ledger;
    private final List<String> stages;
    private final String token;
    private final String prefix;
    private final int maxRequests;
    private final Random random;
    private final Map<String, DealState> deals = new LinkedHashMap<>();
    private final List<String> madeCommitments = new ArrayList<>();
    private final ConcurrentLinkedQueue<Uncertain> uncertain = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "steady-load");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;
    private volatile boolean automaticMisses = true;
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger notApplied = new AtomicInteger();
    private int dealCounter;
    private int commitmentCounter;

    /**
     * @param prefix      of the deal and commitment ids, unique per load
     * @param maxRequests at most this many requests in all (the bound in count; {@link #stop()} is the one in time)
     */
    SteadyLoad(MomentumSystem system, Ledger ledger, List<String> stages, String prefix, int maxRequests, long seed) {
        this.system = system;
        this.ledger = ledger;
        this.stages = stages;
        this.token = system.token(ledger.tenant);
        this.prefix = prefix;
        this.maxRequests = maxRequests;
        this.random = new Random(seed);
    }

    SteadyLoad start() {
        long period = Math.round(1_000_000 / RATE);
        ticker.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MICROSECONDS);
        ticker.scheduleWithFixedDelay(() -> retryRound(30), 3, 3, TimeUnit.SECONDS);
        return this;
    }

    /** Stops sending and waits (up to the request timeout) for the answers still due. */
    void stop() {
        stopping = true;
        ticker.shutdown();
        try {
            // a retry round in progress ends within the request timeout
            ticker.awaitTermination(Http.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + Http.TIMEOUT.plusSeconds(5).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(100);
        }
    }

    /** From now on no commitment is left to be missed automatically (the last ones fall due meanwhile). */
    void noMoreAutomaticMisses() {
        automaticMisses = false;
    }

    int skipped() {
        return skipped.get();
    }

    int uncertainCount() {
        return uncertain.size();
    }

    // --- the load ---

    private void tick() {
        try {
            if (started.get() >= maxRequests) {
                return;
            }
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                skipped.incrementAndGet();
                return;
            }
            if (random.nextDouble() < 0.12) {
                read();
                return;
            }
            DealState deal = pickDeal();
            if (deal == null) {
                skipped.incrementAndGet();
                return;
            }
            if (!deal.opened) {
                open(deal);
            } else {
                act(deal);
            }
        } catch (RuntimeException e) {
            // never let one bad tick end the schedule
            System.err.println("steady load: " + e);
        }
    }

    /** An idle open deal, or a new one while fewer than ACTIVE_DEALS are active. */
    private synchronized DealState pickDeal() {
        List<DealState> idle = new ArrayList<>();
        int active = 0;
        for (DealState deal : deals.values()) {
            if (!deal.done()) {
                active++;
                if (!deal.busy && deal.opened) {
                    idle.add(deal);
                }
            }
        }
        boolean open = active < ACTIVE_DEALS && (idle.isEmpty() || random.nextDouble() < 0.15)
                || idle.isEmpty() && active < MAX_ACTIVE_DEALS;
        if (open && deals.size() < MAX_DEALS) {
            DealState deal = new DealState(prefix + "-D" + (++dealCounter));
            deals.put(deal.dealId, deal);
            return deal;
        }
        if (idle.isEmpty()) {
            return null;
        }
        DealState deal = idle.get(random.nextInt(idle.size()));
        deal.busy = true;
        return deal;
    }

    private void open(DealState deal) {
        Map<String, Object> body = Map.of("dealId", deal.dealId, "name", "Load deal " + deal.dealId, "owner", "load");
        Instant at = Instant.now();
        send("open deal", "POST", system.dealUrl + "/api/v1/deals", body, deal, answer -> {
            if (answer.ok()) {
                ledger.dealOpened(deal.dealId, "Load deal " + deal.dealId, stages.get(0), at);
                deal.opened = true;
            }
        }, () -> {
            ledger.dealOpened(deal.dealId, "Load deal " + deal.dealId, stages.get(0), at);
            deal.opened = true;
        }, null, null);
    }

    private void act(DealState deal) {
        List<String> options = new ArrayList<>();
        if (deal.made < COMMITMENTS_PER_DEAL) {
            options.addAll(List.of("make", "make", "make"));
        }
        if (!deal.toKeep.isEmpty()) {
            options.addAll(List.of("keep", "keep"));
        }
        if (!deal.toMiss.isEmpty()) {
            options.add("miss");
        }
        if (deal.stage < stages.size() - 1 && (deal.made > deal.stage || deal.made >= COMMITMENTS_PER_DEAL)) {
            options.addAll(List.of("stage", "stage"));
        }
        if (options.isEmpty()) {
            release(deal);
            return;
        }
        switch (options.get(random.nextInt(options.size()))) {
            case "make" -> make(deal);
            case "keep" -> resolve(deal, deal.toKeep.remove(0), "keep", "KEPT");
            case "miss" -> resolve(deal, deal.toMiss.remove(0), "miss", "MISSED");
            default -> stage(deal);
        }
    }

    private void make(DealState deal) {
        String id;
        synchronized (this) {
            id = prefix + "-C" + (++commitmentCounter);
        }
        Kind kind = Kind.values()[random.nextInt(automaticMisses ? Kind.values().length : Kind.values().length - 1)];
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // a due date well ahead of the answer even on a slow machine: a make answered after it would be refused
        Instant dueAt = kind == Kind.AUTOMATIC_MISS ? now.plusSeconds(15 + random.nextInt(10)) : now.plus(Duration.ofDays(30));
        boolean buyer = kind == Kind.KEEP_LATER;
        // only buyer commitments are kept and only sellers miss: no deal stalls, so stall figures stay exact
        CommitmentItem item = new CommitmentItem(id, deal.dealId, CATEGORIES.get(random.nextInt(CATEGORIES.size())).name(),
                null, buyer ? Ledger.buyer() : Ledger.seller(), buyer ? Ledger.seller() : Ledger.buyer(), dueAt, now,
                List.of(), null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commitmentId", id);
        body.put("dealId", deal.dealId);
        body.put("category", item.category());
        body.put("madeBy", Map.of("party", item.madeBy().party(), "role", item.madeBy().role()));
        body.put("madeTo", Map.of("party", item.madeTo().party(), "role", item.madeTo().role()));
        body.put("dueAt", dueAt.toString());
        deal.made++;
        Runnable applied = () -> {
            ledger.commitmentMade(item, kind == Kind.AUTOMATIC_MISS);
            synchronized (this) {
                madeCommitments.add(id);
            }
            if (kind == Kind.KEEP_LATER) {
                deal.toKeep.add(id);
            } else if (kind == Kind.MISS_LATER) {
                deal.toMiss.add(id);
            }
        };
        send("make commitment", "POST", system.commitmentUrl + "/api/v1/commitments", body, deal, answer -> {
            if (answer.ok()) {
                applied.run();
            }
        }, applied, null, null);
    }

    private void resolve(DealState deal, String commitmentId, String action, String status) {
        Instant at = Instant.now();
        Map<String, Object> body = action.equals("keep") ? Map.of("evidence", "load") : Map.of("reason", "load");
        Runnable applied = () -> ledger.commitmentResolved(commitmentId, status, at);
        send(action + " commitment", "POST", system.commitmentUrl + "/api/v1/commitments/" + commitmentId + "/" + action,
                body, deal, answer -> {
                    if (answer.ok()) {
                        applied.run();
                    }
                }, applied, commitmentId, status);
    }

    private void stage(DealState deal) {
        String next = stages.get(deal.stage + 1);
        deal.stage++;
        Instant at = Instant.now();
        Runnable applied = () -> ledger.stageChanged(deal.dealId, next, at);
        send("stage change", "POST", system.dealUrl + "/api/v1/deals/" + deal.dealId + "/stage", Map.of("stage", next),
                deal, answer -> {
                    if (answer.ok()) {
                        applied.run();
                    }
                }, applied, null, null);
    }

    private void read() {
        double r = random.nextDouble();
        String url;
        synchronized (this) {
            if (r < 0.5 || madeCommitments.isEmpty()) {
                url = system.analyticsUrl + "/api/v1/commitments/keep-rates?groupBy=category,direction";
            } else if (r < 0.75) {
                url = system.commitmentUrl + "/api/v1/commitments/" + madeCommitments.get(random.nextInt(madeCommitments.size()));
            } else {
                url = system.dealUrl + "/api/v1/deals?size=20";
            }
        }
        started.incrementAndGet();
        inFlight.incrementAndGet();
        Http.sendAsync(Http.request("GET", url, token, null).build()).thenAccept(answer -> {
            inFlight.decrementAndGet();
            ledger.answered("read", answer);
        });
    }

    /**
     * Sends one command on {@code deal}; the deal is busy until the answer. A 2xx runs {@code onAnswer}'s
     * bookkeeping; no answer or a 5xx leaves the outcome open for {@link #resolveUncertain()}.
     */
    private void send(String operation, String method, String url, Object body, DealState deal,
                      java.util.function.Consumer<Http.Answer> onAnswer, Runnable onApplied, String commitmentId,
                      String expectedStatus) {
        started.incrementAndGet();
        inFlight.incrementAndGet();
        CompletableFuture<Http.Answer> future = Http.sendAsync(Http.request(method, url, token, body).build());
        future.thenAccept(answer -> {
            try {
                ledger.answered(operation, answer);
                synchronized (this) {
                    onAnswer.accept(answer);
                    if (!answer.answered() || answer.serverError()) {
                        uncertain.add(new Uncertain(operation, method, url, body, onApplied, commitmentId, expectedStatus, deal,
                                new AtomicInteger()));
                    } else if (!answer.ok()) {
                        rejected(operation, answer);
                    }
                    if (!answer.ok() && !deal.opened) {
                        // not open (yet): no further commands on it until the uncertainty is resolved
                        deal.busy = !answer.answered() || answer.serverError();
                        deal.dead = !deal.busy;
                        return;
                    }
                    release(deal);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private void release(DealState deal) {
        synchronized (this) {
            // a deal with an uncertain command waits for its resolution, so its history stays in order
            boolean waiting = uncertain.stream().anyMatch(u -> u.deal() == deal);
            deal.busy = waiting;
        }
    }

    private final Map<String, Integer> rejectionCounts = new LinkedHashMap<>();
    private final Map<String, String> rejectionExamples = new LinkedHashMap<>();

    private synchronized void rejected(String operation, Http.Answer answer) {
        String key = operation + " " + (answer.answered() ? answer.status() : "no answer");
        rejectionCounts.merge(key, 1, Integer::sum);
        rejectionExamples.putIfAbsent(key, Http.shorten(answer.json().path("detail").asText(answer.describe()), 200));
    }

    /**
     * 4xx answers to the load's own commands, by operation and status, one example each: a make whose due date
     * passed before a slow answer, a 409 of a write conflict.
     */
    synchronized List<String> rejections() {
        List<String> out = new ArrayList<>();
        rejectionCounts.forEach((key, count) -> out.add(key + " x" + count + " (e.g. " + rejectionExamples.get(key) + ")"));
        return out;
    }

    /** What the retries of uncertain commands found. */
    record Resolution(int applied, int notApplied, List<String> unresolved) {
    }

    /**
     * Retries up to {@code max} uncertain commands once each (the oldest first): the same request again
     * (idempotent: the same make or open again answers 200, the same stage again changes nothing); a keep or
     * miss answered 409 counts as applied when the commitment has that status; another 4xx means it was not
     * applied (e.g. a make whose due date passed meanwhile); no answer or a 5xx leaves it uncertain.
     */
    private void retryRound(int max) {
        try {
            for (int i = 0; i < max && !stopping; i++) {
                Uncertain command = uncertain.poll();
                if (command == null) {
                    return;
                }
                retry(command);
            }
        } catch (RuntimeException e) {
            System.err.println("steady load retries: " + e);
        }
    }

    private void retry(Uncertain command) {
        command.retries().incrementAndGet();
        Http.Answer answer = Http.send(command.method(), command.url(), token, command.body());
        ledger.answered("retry " + command.operation(), answer);
        if (!answer.answered() || answer.serverError()) {
            uncertain.add(command);
            return;
        }
        boolean done = answer.ok();
        if (!done && answer.status() == 409 && command.commitmentId() != null) {
            Http.Answer current = Http.send("GET", system.commitmentUrl + "/api/v1/commitments/" + command.commitmentId(),
                    token, null);
            done = current.json().path("status").asText().equals(command.expectedStatus());
        }
        synchronized (this) {
            if (done) {
                command.onApplied().run();
                applied.incrementAndGet();
                if (command.operation().equals("open deal")) {
                    command.deal().opened = true;
                }
            } else {
                notApplied.incrementAndGet();
                rejected("retry " + command.operation(), answer);
                if (command.operation().equals("open deal")) {
                    command.deal().dead = true;
                }
            }
            release(command.deal());
        }
    }

    /**
     * After the load: every command still uncertain is retried (several at a time: each deal has at most
     * one) until it gets a definite answer or has been retried 3 more times.
     *
     * @return the retries' tally over the whole load, and what stayed uncertain
     */
    Resolution resolveUncertain() {
        for (int round = 0; round < 3 && !uncertain.isEmpty(); round++) {
            List<Uncertain> batch = new ArrayList<>();
            Uncertain command;
            while ((command = uncertain.poll()) != null) {
                batch.add(command);
            }
            java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                pool.invokeAll(batch.stream().map(u -> (java.util.concurrent.Callable<Void>) () -> {
                    retry(u);
                    return null;
                }).toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                pool.shutdown();
            }
            if (!uncertain.isEmpty()) {
                sleep(2000);
            }
        }
        List<String> unresolved = new ArrayList<>();
        uncertain.forEach(u -> unresolved.add(u.operation() + " " + u.url() + " (retried " + u.retries() + " times)"));
        return new Resolution(applied.get(), notApplied.get(), unresolved);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
