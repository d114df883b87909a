package dev.momentum.commitment.support;

import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.TestTokens;
import java.util.HashMap;
import java.util.Map;

/**
 * Properties that point one commitment-service at a fresh database and topic of the shared test
 * stack, accepting {@link TestTokens}.
 */
public final class CommitmentServiceStack {

    private CommitmentServiceStack() {
    }

    public static Map<String, String> freshProperties() {
        String database = TestStack.uniqueName("commitments");
        String topic = TestStack.uniqueName("commitments");
        TestStack.postgres().createDatabase(database);
        Map<String, String> properties = new HashMap<>(TestTokens.properties());
        properties.putAll(Map.of(
                "spring.datasource.url", TestStack.postgres().jdbcUrl(database),
                "spring.datasource.username", TestStack.postgres().username(),
                "spring.datasource.password", TestStack.postgres().password(),
                "spring.kafka.bootstrap-servers", TestStack.kafka().bootstrapServers(),
                "momentum.commitments.kafka.topic", topic,
                "momentum.commitments.kafka.partitions", "3",
                "db-scheduler.polling-interval", "200ms"));
        return properties;
    }
}
