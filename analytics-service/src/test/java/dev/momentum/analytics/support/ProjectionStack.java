package dev.momentum.analytics.support;

import dev.momentum.analytics.support.JourneyGenerator.Published;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.TestTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The topics, consumer group and index prefix of one test's analytics instances, with names no other test uses, on
 * the test stack's Kafka and Elasticsearch.
 */
public record ProjectionStack(String bootstrap, String commitmentsTopic, String dealsTopic, String dltTopic, String group,
                              String prefix) {

    /** Fresh names (the index prefix starts with {@code name}); the topics are left for the service to declare. */
    public static ProjectionStack named(String name) {
        return new ProjectionStack(TestStack.kafka().bootstrapServers(), TestStack.uniqueName("commitments"),
                TestStack.uniqueName("deals"), TestStack.uniqueName("analytics_dlt"), TestStack.uniqueName("analytics"),
                TestStack.uniqueName(name));
    }

    /** Fresh names, and both contract topics created with 6 partitions. */
    public static ProjectionStack withTopics(String name) {
        ProjectionStack stack = named(name);
        TestStack.kafka().createTopics(List.of(stack.commitmentsTopic, stack.dealsTopic), 6);
        return stack;
    }

    /** The settings of an instance on this stack (for {@code RunningService}), then {@code extra} key-value pairs. */
    public Map<String, String> properties(String... extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.kafka.bootstrap-servers", bootstrap,
                "spring.elasticsearch.uris", TestStack.elasticsearch().url(),
                "momentum.analytics.index-prefix", prefix,
                "momentum.analytics.kafka.commitments-topic", commitmentsTopic,
                "momentum.analytics.kafka.deals-topic", dealsTopic,
                "momentum.analytics.kafka.group-id", group,
                "momentum.analytics.kafka.dlt-topic", dltTopic));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            properties.put(extra[i], extra[i + 1]);
        }
        return properties;
    }

    /** The same settings, and the test tokens' issuer, for a {@code @SpringBootTest}. */
    public static void register(DynamicPropertyRegistry registry, String name) {
        ProjectionStack stack = named(name);
        stack.properties().forEach((key, value) -> registry.add(key, () -> value));
        TestTokens.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    public void publish(List<Published> events) {
        Feed.publish(bootstrap, commitmentsTopic, dealsTopic, events);
    }

    /** {@link Feed#awaitCaughtUp}: everything published is projected and visible. */
    public void awaitCaughtUp(Duration timeout) {
        Feed.awaitCaughtUp(bootstrap, group, Set.of(commitmentsTopic, dealsTopic), timeout);
    }
}
