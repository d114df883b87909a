package dev.momentum.deal.support;

import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.TestTokens;
import java.util.HashMap;
import java.util.Map;

/** Properties that point one deal-service at a fresh database, topics and consumer group of the shared test
 * stack, accepting {@link TestTokens}. */
public final class DealServiceStack {

    private DealServiceStack() {
    }

    public static Map<String, String> freshProperties() {
        String database = TestStack.uniqueName("deals");
        TestStack.postgres().createDatabase(database);
        Map<String, String> properties = new HashMap<>(TestTokens.properties());
        properties.put("spring.datasource.url", TestStack.postgres().jdbcUrl(database));
        properties.put("spring.datasource.username", TestStack.postgres().username());
        properties.put("spring.datasource.password", TestStack.postgres().password());
        properties.put("spring.kafka.bootstrap-servers", TestStack.kafka().bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", TestStack.uniqueName("deal_service"));
        properties.put("momentum.deals.kafka.topic", TestStack.uniqueName("deals"));
        properties.put("momentum.deals.kafka.partitions", "3");
        properties.put("momentum.deals.commitments-topic", TestStack.uniqueName("commitments"));
        properties.put("db-scheduler.polling-interval", "200ms");
        return properties;
    }
}
