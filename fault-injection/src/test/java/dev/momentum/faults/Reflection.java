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
        return lost == 0 && twice == 0 && autoFired == autoMisses && autoTwice == 0;
    }

    String summary() {
        return "accepted " + accepted + ", reflected " + reflected + ", lost " + lost + ", counted twice " + twice
                + ", automatic misses " + autoFired + "/" + autoMisses + " fired once (" + autoTwice + " more than once)";
    }

    /** Reads the journeys of the ledger's deals and compares, as of {@code now}. */
    static Reflection of(MomentumSystem system, Ledger ledger, Instant now) {
        return of(system, ledger, ledger.accepted(), ledger.autoMisses(), now);
    }

    static Reflection of(MomentumSystem system, Ledger ledger, List<Ledger.Command> commands, List<Ledger.AutoMiss> autoMisses,
                         Instant now) {
        Set<String> dealIds = new HashSet<>();
        commands.forEach(c -> dealIds.add(c.dealId()));
        autoMisses.forEach(a -> dealIds.add(a.dealId()));
        Map<String, Integer> counts = new HashMap<>();
        String token = system.token(ledger.tenant);
        List<String> examples = new ArrayList<>();
        for (String dealId : dealIds) {
            Http.Answer answer = Http.send("GET", system.analyticsUrl + "/api/v1/journeys/" + dealId, token, null);
            if (answer.status() == 404) {
                continue;
            }
            if (!answer.ok()) {
                if (examples.size() < 3) {
                    examples.add("journey " + dealId + ": " + answer.describe());
                }
                continue;
            }
            counts.putAll(countEvents(answer.json()));
        }
        int reflected = 0;
        int lost = 0;
        int twice = 0;
        for (Ledger.Command command : commands) {
            boolean missing = false;
            boolean repeated = false;
            for (String key : command.keys()) {
                int n = counts.getOrDefault(key, 0);
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
            int n = counts.getOrDefault(miss.key(), 0);
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
