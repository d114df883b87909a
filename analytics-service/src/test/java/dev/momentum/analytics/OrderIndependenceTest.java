package dev.momentum.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.analytics.support.Feed;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.contracts.event.CommitmentEvent;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.RunningService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same events, in very different arrival orders and with redeliveries, give the same answer on every
 * endpoint: each order goes through Kafka into a fresh service with fresh indices (small batches, so the
 * batch boundaries fall everywhere), and every answer is compared with the first order's.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
class OrderIndependenceTest {

    @Test
    void everyAnswerIsTheSameWhateverTheOrderAndTheDuplicates() {
        JourneyGenerator generator = new JourneyGenerator(4242L).generate(70, "default");
        List<Published> events = generator.events();
        Map<String, List<Published>> orders = new LinkedHashMap<>();
        List<Published> natural = new ArrayList<>(events);
        natural.sort(Comparator.comparing(p -> p.event().occurredAt()));
        orders.put("business-time order", natural);
        List<Published> reversed = new ArrayList<>(natural);
        Collections.reverse(reversed);
        orders.put("reversed", reversed);
        orders.put("shuffled with duplicates", withDuplicates(shuffled(events, 1), 2));
        List<Published> commitmentsFirst = new ArrayList<>(shuffled(events.stream().filter(p -> p.event() instanceof CommitmentEvent).toList(), 3));
        commitmentsFirst.addAll(shuffled(events.stream().filter(p -> !(p.event() instanceof CommitmentEvent)).toList(), 4));
        orders.put("all commitments before any deal event, duplicated", withDuplicates(commitmentsFirst, 5));

        List<String> paths = new ArrayList<>(List.of(
                "/api/v1/stalls/by-stage", "/api/v1/stalls/by-stage?segment=ENT", "/api/v1/stalls/by-stage?pipeline=expansion",
                "/api/v1/stalls/patterns?minSupport=1", "/api/v1/stalls/patterns?minSupport=3&owner=alice",
                "/api/v1/commitments/keep-rates", "/api/v1/commitments/keep-rates?groupBy=category,direction",
                "/api/v1/commitments/keep-rates?groupBy=stage,role",
                "/api/v1/deals/at-risk?limit=100&minSupport=1", "/api/v1/deals/at-risk?limit=10&minSupport=3"));
        generator.deals.forEach(d -> paths.add("/api/v1/journeys/" + d.dealId));

        Map<String, String> reference = null;
        String referenceName = null;
        for (Map.Entry<String, List<Published>> order : orders.entrySet()) {
            Map<String, String> answers = answers(order.getValue(), paths);
            if (reference == null) {
                reference = answers;
                referenceName = order.getKey();
                assertThat(answers.get("/api/v1/stalls/patterns?minSupport=1")).contains("lift");
                assertThat(answers.get("/api/v1/deals/at-risk?limit=100&minSupport=1")).contains("STALLED");
            } else {
                for (String path : paths) {
                    assertThat(answers.get(path)).as(path + ": " + order.getKey() + " vs " + referenceName)
                            .isEqualTo(reference.get(path));
                }
            }
        }
    }

    private static Map<String, String> answers(List<Published> events, List<String> paths) {
        String commitments = TestStack.uniqueName("commitments");
        String deals = TestStack.uniqueName("deals");
        String group = TestStack.uniqueName("analytics");
        String bootstrap = TestStack.kafka().bootstrapServers();
        TestStack.kafka().createTopics(List.of(commitments, deals), 3);
        Map<String, String> properties = Map.of(
                "spring.kafka.bootstrap-servers", bootstrap,
                "spring.elasticsearch.uris", TestStack.elasticsearch().url(),
                "momentum.analytics.index-prefix", TestStack.uniqueName("order"),
                "momentum.analytics.kafka.commitments-topic", commitments,
                "momentum.analytics.kafka.deals-topic", deals,
                "momentum.analytics.kafka.group-id", group,
                "momentum.analytics.kafka.dlt-topic", TestStack.uniqueName("dlt"),
                "momentum.analytics.kafka.max-poll-records", "17");
        try (RunningService service = RunningService.start(AnalyticsServiceApplication.class, properties)) {
            Feed.publish(bootstrap, commitments, deals, events);
            Feed.awaitCaughtUp(bootstrap, group, Set.of(commitments, deals), Duration.ofMinutes(3));
            Map<String, String> answers = new LinkedHashMap<>();
            for (String path : paths) {
                HttpResponse<JsonNode> response = service.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                answers.put(path, response.body().toString());
            }
            return answers;
        }
    }

    private static List<Published> shuffled(List<Published> events, long seed) {
        List<Published> copy = new ArrayList<>(events);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** A quarter of the events delivered a second time, somewhere later. */
    private static List<Published> withDuplicates(List<Published> events, long seed) {
        Random random = new Random(seed);
        List<Published> result = new ArrayList<>(events);
        for (Published p : events) {
            if (random.nextInt(4) == 0) {
                int at = result.indexOf(p) + 1;
                result.add(at + random.nextInt(result.size() - at + 1), p);
            }
        }
        return result;
    }
}
