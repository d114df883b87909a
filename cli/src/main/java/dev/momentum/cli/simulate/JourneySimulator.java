package dev.momentum.cli.simulate;

import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.client.ImportItems.CommitmentOutcome;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.DealOutcome;
import dev.momentum.client.ImportItems.ExpectedCloseChange;
import dev.momentum.client.ImportItems.Party;
import dev.momentum.client.ImportItems.Renegotiation;
import dev.momentum.client.ImportItems.StageChange;
import dev.momentum.cli.simulate.Scenario.CommitmentTemplate;
import dev.momentum.cli.simulate.Scenario.Plant;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates buyer journeys with their commitments from a {@link Scenario}. Deterministic: the
 * same scenario, seed and "now" give the same histories. Everything lies in the past: what would
 * happen after now is cut off, so deals and commitments can still be open.
 */
public final class JourneySimulator {

    private static final String[] ACCOUNTS = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay",
            "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Wonka"};
    private static final String[] SEGMENTS = {"technology", "finance", "medical", "retail", "manufacturing"};
    private static final String[] OWNERS = {"Ana Ortiz", "Ben Okafor", "Chen Wei", "Dora Kim"};

    private final Scenario scenario;
    private final long seed;
    private final Instant now;

    public JourneySimulator(Scenario scenario, long seed, Instant now) {
        this.scenario = scenario;
        this.seed = seed;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    public record Histories(List<DealItem> deals, List<CommitmentItem> commitments) {
    }

    public Histories generate() {
        List<DealItem> deals = new ArrayList<>();
        List<CommitmentItem> commitments = new ArrayList<>();
        for (int i = 0; i < scenario.deals(); i++) {
            // one random stream per deal: changing the count keeps the first deals as they were
            new DealJourney(i, new Random(seed * 1_000_003L + i)).generate(deals, commitments);
        }
        return new Histories(deals, commitments);
    }

    private final class DealJourney {
        private final int number;
        private final Random random;
        private final String dealId;
        private final List<StageChange> stageChanges = new ArrayList<>();
        private final List<ExpectedCloseChange> closeChanges = new ArrayList<>();
        private final List<CommitmentItem> commitments = new ArrayList<>();
        private int commitmentCount;

        DealJourney(int number, Random random) {
            this.number = number;
            this.random = random;
            this.dealId = "SIM-" + seed + "-D" + number;
        }

        void generate(List<DealItem> deals, List<CommitmentItem> allCommitments) {
            List<String> stages = scenario.pipeline().stages();
            long spanDays = scenario.months() * 30L;
            Instant openedAt = now.minus(Duration.ofMinutes((long) (random.nextDouble() * (spanDays - 5) * 24 * 60)))
                    .truncatedTo(ChronoUnit.MINUTES);
            LocalDate initialClose = LocalDate.ofInstant(openedAt, ZoneOffset.UTC).plusDays(60 + random.nextInt(60));
            LocalDate expectedClose = initialClose;
            String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
            BigDecimal amount = BigDecimal.valueOf(5_000 + random.nextInt(95) * 1_000L);
            Instant t = openedAt;
            int stage = 0;
            boolean revisited = false;
            DealOutcome outcome = null;
            while (outcome == null) {
                String stageName = stages.get(stage);
                Scenario.StageProfile profile = scenario.stages().getOrDefault(stageName, new Scenario.StageProfile(10, 0));
                double dwell = Math.max(0.5, profile.dwellDays() * (0.4 + 1.2 * random.nextDouble()));
                double delay = visitCommitments(stageName, t, dwell);
                if (random.nextDouble() < scenario.quietSpells().perVisit()) {
                    delay += scenario.quietSpells().days() * (0.5 + random.nextDouble());
                }
                if (delay > 0 && random.nextDouble() < scenario.closePushProbability()) {
                    Instant pushedAt = t.plus(days(dwell * random.nextDouble()));
                    expectedClose = expectedClose.plusDays(14 + random.nextInt(17));
                    addCloseChange(expectedClose, pushedAt);
                }
                t = t.plus(days(dwell + delay));
                if (t.isAfter(now)) {
                    break; // still in this stage today
                }
                if (random.nextDouble() < scenario.dropOut().perStage()) {
                    outcome = new DealOutcome(pick(scenario.dropOut().outcomes()), t, "dropped out in " + stageName, null);
                } else if (stage == stages.size() - 1) {
                    String end = pick(scenario.finalOutcome());
                    outcome = new DealOutcome(end, t, null, "WON".equals(end) ? amount : null);
                } else if (!revisited && stage > 0 && random.nextDouble() < profile.revisit()) {
                    revisited = true;
                    stage--;
                    stageChanges.add(new StageChange(stages.get(stage), t));
                } else {
                    stage++;
                    stageChanges.add(new StageChange(stages.get(stage), t));
                }
            }
            deals.add(new DealItem(dealId, account + " — deal " + number, account,
                    SEGMENTS[number % SEGMENTS.length], amount, "EUR", OWNERS[number % OWNERS.length],
                    scenario.pipeline().name(), stages.get(0), initialClose,
                    openedAt, List.copyOf(stageChanges), List.copyOf(closeChanges), outcome));
            allCommitments.addAll(commitments);
        }

        private void addCloseChange(LocalDate expectedClose, Instant at) {
            if (!at.isAfter(now)) {
                closeChanges.add(new ExpectedCloseChange(expectedClose, at));
            }
        }

        /** Makes the visit's commitments; returns the days that buyer misses cost the journey. */
        private double visitCommitments(String stage, Instant entry, double dwell) {
            double delay = 0;
            for (CommitmentTemplate template : scenario.commitments()) {
                if ((template.stage() != null && !template.stage().equals(stage)) || random.nextDouble() >= template.perVisit()) {
                    continue;
                }
                Instant madeAt = entry.plus(days(dwell * 0.5 * random.nextDouble())).plusSeconds(60);
                if (madeAt.isAfter(now)) {
                    continue;
                }
                Instant dueAt = madeAt.plus(days(Math.max(1, template.dueInDays() * (0.5 + random.nextDouble()))));
                Plant plant = plant(stage, template);
                double missProbability = plant != null ? plant.missProbability()
                        : Math.max(0, 1 - template.keep() - template.keepLate() - template.withdraw());
                double keep = template.keep();
                double keepLate = template.keepLate();
                double withdraw = template.withdraw();
                double scale = (1 - missProbability) / Math.max(1e-9, keep + keepLate + withdraw);
                double draw = random.nextDouble();
                List<Renegotiation> renegotiations = new ArrayList<>();
                if (random.nextDouble() < template.renegotiate()) {
                    Instant at = madeAt.plus(Duration.between(madeAt, dueAt).dividedBy(2));
                    Instant movedTo = dueAt.plus(days(1 + random.nextInt(5)));
                    if (!at.isAfter(now)) { // what would happen after now has not happened yet
                        dueAt = movedTo;
                        renegotiations.add(new Renegotiation(dueAt, at, "buyer asked for more time"));
                    }
                }
                // outcomes come after the renegotiation: business time never goes back
                Instant earliest = renegotiations.isEmpty() ? madeAt : renegotiations.get(0).occurredAt();
                double window = Duration.between(earliest, dueAt).toSeconds() / 86_400.0;
                CommitmentOutcome outcome;
                if (draw < keep * scale) {
                    outcome = new CommitmentOutcome("KEPT", earliest.plus(days(window * (0.2 + 0.8 * random.nextDouble()))), null);
                } else if (draw < (keep + keepLate) * scale) {
                    outcome = new CommitmentOutcome("KEPT", dueAt.plus(days(0.5 + 4 * random.nextDouble())), null);
                } else if (draw < (keep + keepLate + withdraw) * scale) {
                    outcome = new CommitmentOutcome("WITHDRAWN", earliest.plus(days(window / 3)), "no longer needed");
                } else {
                    outcome = null; // missed automatically at the due date
                    if (template.madeBy().startsWith("BUYER")) {
                        double cost = plant != null && plant.delayDays() != null ? plant.delayDays() : scenario.missDelayDays();
                        delay += cost * (0.5 + random.nextDouble());
                    }
                }
                if (outcome != null && outcome.occurredAt().isAfter(now)) {
                    outcome = null;
                }
                commitments.add(new CommitmentItem(dealId + "-C" + (commitmentCount++), dealId,
                        template.category().name(), template.category().name().toLowerCase().replace('_', ' ')
                        + " (" + stage + ")", Party.parse(template.madeBy()), Party.parse(template.madeTo()),
                        dueAtBeforeRenegotiation(dueAt, renegotiations), madeAt, renegotiations, outcome));
            }
            return delay;
        }

        private Instant dueAtBeforeRenegotiation(Instant dueAt, List<Renegotiation> renegotiations) {
            if (renegotiations.isEmpty()) {
                return dueAt;
            }
            Renegotiation renegotiation = renegotiations.get(0);
            // the original due date lies after the renegotiation, so the move happened before it passed
            return renegotiation.occurredAt().plus(Duration.between(renegotiation.occurredAt(), dueAt).dividedBy(2));
        }

        /** The plant that applies to this commitment, if any. */
        private Plant plant(String stage, CommitmentTemplate template) {
            for (Plant plant : scenario.plants()) {
                if (plant.stage().equals(stage) && plant.category() == template.category()
                        && plant.madeBy().equals(template.madeBy())) {
                    return plant;
                }
            }
            return null;
        }

        private <T> String pick(Map<T, Double> weights) {
            double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
            double draw = random.nextDouble() * total;
            T last = null;
            for (Map.Entry<T, Double> entry : weights.entrySet()) {
                last = entry.getKey();
                draw -= entry.getValue();
                if (draw < 0) {
                    return String.valueOf(last);
                }
            }
            return String.valueOf(last);
        }
    }

    private static Duration days(double days) {
        return Duration.ofSeconds((long) (days * 86_400));
    }
}
