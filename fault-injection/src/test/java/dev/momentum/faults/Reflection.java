package dev.momentum.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.contracts.EventType;
import dev.momentum.e2e.MomentumSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the accepted commands of a {@link Ledger} show in the analytics: each deal's journey
 * ({@code GET /api/v1/journeys/{dealId}}) lists the events the projection holds; every event an accepted
 * command must produce has to be there exactly once.
 *
 * @param accepted   accepted commands (an imported history is one)
 * @param reflected  those whose events are all there
 * @param lost       those with an event missing
 * @param twice      those with an event there more than once
 * @param autoMisses automatic misses due (their commitment left open), {@code autoFired} of them there once,
 *                   {@code autoTwice} more than once
 */
record Reflection(int accepted, int reflected, int lost, int twice, int autoMisses, int autoFired, int autoTwice,
                  List<String> examples) {

    /** Automatic misses are looked for once their due date is this far past (db-scheduler polls every 2 s). */
    static final Duration AUTO_MISS_SLACK = Duration.ofSeconds(8);

    boolean complete() {
        return commandsComplete() && autoFired == autoMisses && autoTwice == 0;
    }

    /** Every accepted command reflected, none twice (automatic misses aside). */
    boolean commandsComplete() {
        return lost == 0 && twice == 0;
    }

    String summary() {
        return "accepted " + accepted + ", reflected " + reflected + ", lost " + lost + ", counted twice " + twice
                + ", automatic misses " + autoFired + "/" + autoMisses + " fired once (" + autoTwice + " more than once)";
    }

    /**
     * The journeys read so far, per deal: polling re-reads only the deals still missing an event, the final
     * check ({@link #refreshAll}) every deal again.
     */
    static final class Journeys {
        private final MomentumSystem system;
        private final String token;
        private final Map<String, Map<String, Integer>> byDeal = new HashMap<>();
        private final List<String> problems = new ArrayList<>();

        Journeys(MomentumSystem system, Ledger ledger) {
            this.system = system;
            this.token = system.token(ledger.tenant);
        }

        void refreshAll(Set<String> dealIds) {
            dealIds.forEach(this::fetch);
        }

        void fetch(String dealId) {
            Http.Answer answer = Http.send("GET", system.analyticsUrl + "/api/v1/journeys/" + dealId, token, null);
            if (answer.ok()) {
                byDeal.put(dealId, countEvents(answer.json()));
            } else if (answer.status() == 404) {
                byDeal.put(dealId, Map.of());
            } else {
                byDeal.remove(dealId);
                if (problems.size() < 3) {
                    problems.add("journey " + dealId + ": " + answer.describe());
                }
            }
        }

        int count(String dealId, String key) {
            return byDeal.getOrDefault(dealId, Map.of()).getOrDefault(key, 0);
        }
    }

    /** Reads every deal's journey and compares, as of {@code now}. */
    static Reflection of(MomentumSystem system, Ledger ledger, Instant now) {
        Journeys journeys = new Journeys(system, ledger);
        List<Ledger.Command> commands = ledger.accepted();
        List<Ledger.AutoMiss> autoMisses = ledger.autoMisses();
        journeys.refreshAll(dealIds(commands, autoMisses));
        return compare(journeys, commands, autoMisses, now);
    }

    /** Re-reads the journeys of the deals with an event still missing (or never read), then compares. */
    static Reflection poll(Journeys journeys, List<Ledger.Command> commands, List<Ledger.AutoMiss> autoMisses, Instant now) {
        Set<String> incomplete = new HashSet<>();
        for (Ledger.Command command : commands) {
            if (!journeys.byDeal.containsKey(command.dealId())
                    || command.keys().stream().anyMatch(key -> journeys.count(command.dealId(), key) == 0)) {
                incomplete.add(command.dealId());
            }
        }
        for (Ledger.AutoMiss miss : autoMisses) {
            if (!miss.dueAt().plus(AUTO_MISS_SLACK).isAfter(now) && journeys.count(miss.dealId(), miss.key()) == 0) {
                incomplete.add(miss.dealId());
            }
        }
        incomplete.forEach(journeys::fetch);
        return compare(journeys, commands, autoMisses, now);
    }

    private static Set<String> dealIds(List<Ledger.Command> commands, List<Ledger.AutoMiss> autoMisses) {
        Set<String> dealIds = new HashSet<>();
        commands.forEach(c -> dealIds.add(c.dealId()));
        autoMisses.forEach(a -> dealIds.add(a.dealId()));
        return dealIds;
    }

    private static Reflection compare(Journeys journeys, List<Ledger.Command> commands, List<Ledger.AutoMiss> autoMisses,
                                      Instant now) {
        List<String> examples = new ArrayList<>(journeys.problems);
        int reflected = 0;
        int lost = 0;
        int twice = 0;
        for (Ledger.Command command : commands) {
            boolean missing = false;
            boolean repeated = false;
            for (String key : command.keys()) {
                int n = journeys.count(command.dealId(), key);
                missing |= n == 0;
                repeated |= n > 1;
            }
            if (missing) {
                lost++;
                if (examples.size() < 6) {
                    examples.add("lost: " + command.what() + " on " + command.dealId() + " " + command.keys());
                }
            } else {
                reflected++;
            }
            if (repeated) {
                twice++;
                if (examples.size() < 6) {
                    examples.add("counted twice: " + command.what() + " on " + command.dealId() + " " + command.keys());
                }
            }
        }
        int due = 0;
        int fired = 0;
        int firedTwice = 0;
        for (Ledger.AutoMiss miss : autoMisses) {
            if (miss.dueAt().plus(AUTO_MISS_SLACK).isAfter(now)) {
                continue;
            }
            due++;
            int n = journeys.count(miss.dealId(), miss.key());
            if (n == 1) {
                fired++;
            } else if (n > 1) {
                firedTwice++;
            } else if (examples.size() < 6) {
                examples.add("automatic miss not fired: " + miss.commitmentId() + " due " + miss.dueAt());
            }
        }
        return new Reflection(commands.size(), reflected, lost, twice, due, fired, firedTwice, examples);
    }

    /** subject|type|discriminator -> how often the journey lists it (the stage for stage changes). */
    static Map<String, Integer> countEvents(JsonNode journey) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JsonNode event : journey.path("events")) {
            String type = event.path("type").asText();
            String discriminator = type.equals(EventType.DEAL_STAGE_CHANGED.ceType()) ? event.path("data").path("to").asText() : "";
            counts.merge(event.path("subject").asText() + "|" + type + "|" + discriminator, 1, Integer::sum);
        }
        return counts;
    }
}
