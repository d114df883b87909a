package dev.momentum.commitment.support;

import dev.momentum.localstack.junit.TestStack;
import java.util.Map;

/** Properties that point one commitment-service at a fresh database and topic of the shared test stack. */
public final class CommitmentServiceStack {

    private CommitmentServiceStack() {
    }

    public static Map<String, String> freshProperties() {
        String database = TestStack.uniqueName("commitments");
        String topic = TestStack.uniqueName("commitments");
        TestStack.postgres().createDatabase(database);
        return Map.of(
                "spring.datasource.url", TestStack.postgres().jdbcUrl(database),
                "spring.datasource.username", TestStack.postgres().username(),
                "spring.datasource.password", TestStack.postgres().password(),
                "spring.kafka.bootstrap-servers", TestStack.kafka().bootstrapServers(),
                "momentum.commitments.kafka.topic", topic,
                "momentum.commitments.kafka.partitions", "3",
                "db-scheduler.polling-interval", "200ms");
    }
}
