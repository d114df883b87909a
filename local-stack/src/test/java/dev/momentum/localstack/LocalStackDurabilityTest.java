package dev.momentum.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.Topics;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.process.LocalPostgres;
import dev.momentum.localstack.process.Ports;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./momentum up} starts keeps what it was given: PostgreSQL with fsync and synchronous
 * commits on, and every topic, dead-letter topics included, kept forever. The test stack trades
 * PostgreSQL's durability for speed, and only it.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA})
class LocalStackDurabilityTest {

    @Test
    void thePostgresOfMomentumUpIsDurable(@TempDir Path home) throws Exception {
        StackSettings settings = new StackSettings(home, false, Ports.free(), 0, 0, 0, 0, Topics.DEFAULT_PARTITIONS);
        try (LocalPostgres postgres = LocalStack.startPostgres(settings)) {
            assertThat(show(postgres, "fsync")).isEqualTo("on");
            assertThat(show(postgres, "synchronous_commit")).isEqualTo("on");
            assertThat(show(postgres, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void theTestStackTradesPostgresDurabilityForSpeed(Postgres postgres) throws Exception {
        assertThat(show(postgres, "fsync")).isEqualTo("off");
        assertThat(show(postgres, "synchronous_commit")).isEqualTo("off");
    }

    @Test
    void everyTopicMomentumUsesExistsWithItsPartitionsAndIsKeptForever(Kafka kafka) throws Exception {
        // TestStack created them as LocalStack does, through Kafka.createMomentumTopics
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<String> all = new ArrayList<>(Topics.CONTRACT);
            all.addAll(Topics.DEAD_LETTER);
            Map<String, TopicDescription> topics = admin.describeTopics(all).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get(Topics.COMMITMENTS).partitions()).hasSize(Topics.DEFAULT_PARTITIONS);
            assertThat(topics.get(Topics.DEALS).partitions()).hasSize(Topics.DEFAULT_PARTITIONS);
            for (String dlt : Topics.DEAD_LETTER) {
                assertThat(topics.get(dlt).partitions()).as(dlt).hasSize(1);
            }
            for (String topic : all) {
                assertThat(retention(admin, topic)).as(topic).isEqualTo("-1");
            }

            // a topic an older version created with the broker's 7 days gets its retention on the next start
            String old = TestStack.uniqueName("old");
            kafka.createTopics(List.of(old), 1);
            assertThat(retention(admin, old)).isEqualTo("604800000");
            kafka.createTopics(List.of(old), 1, Map.of("retention.ms", Topics.RETENTION_MS));
            assertThat(retention(admin, old)).isEqualTo("-1");
        }
    }

    private static String retention(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get("retention.ms").value();
    }

    private static String show(Postgres postgres, String setting) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(),
                postgres.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
