package dev.momentum.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.process.LocalKafka;
import dev.momentum.localstack.process.LocalPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each real component answers a real round trip through the shared test stack. */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
class LocalStackRoundTripTest {

    @Test
    void postgresStoresAndReturnsRows(Postgres postgres) throws Exception {
        String database = TestStack.uniqueName("roundtrip");
        postgres.createDatabase(database);
        postgres.createDatabase(database); // idempotent
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database),
                postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create table commitment (id text primary key, due_at timestamptz not null)");
            statement.execute("insert into commitment values ('C-1', '2026-01-02T03:04:05Z'), ('C-2', now())");
            try (ResultSet rs = statement.executeQuery("select id, server_version_num from commitment,"
                    + " (select current_setting('server_version_num')::int as server_version_num) v order by id")) {
                List<String> ids = new ArrayList<>();
                int version = 0;
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    version = rs.getInt(2);
                }
                assertThat(ids).containsExactly("C-1", "C-2");
                assertThat(version / 10000).isEqualTo(17);
            }
        }
    }

    @Test
    void kafkaDeliversWhatWasProducedInOrderPerKey(Kafka kafka) {
        String topic = TestStack.uniqueName("roundtrip");
        kafka.createTopics(List.of(topic), 3);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            IntStream.range(0, 20).forEach(i -> producer.send(new ProducerRecord<>(topic, "deal-" + (i % 2), "event-" + i)));
            producer.flush();
        }
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 20 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).hasSize(20);
        assertThat(received.stream().filter(r -> r.key().equals("deal-0")).map(ConsumerRecord::value))
                .containsExactly(IntStream.range(0, 20).filter(i -> i % 2 == 0).mapToObj(i -> "event-" + i).toArray(String[]::new));
    }

    @Test
    void elasticsearchIndexesAndFindsADocument(Elasticsearch elasticsearch) throws Exception {
        String index = TestStack.uniqueName("roundtrip");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(json("PUT", elasticsearch.url() + "/" + index,
                "{\"settings\":{\"number_of_replicas\":0},\"mappings\":{\"properties\":{\"stage\":{\"type\":\"keyword\"}}}}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        HttpResponse<String> indexed = http.send(json("PUT", elasticsearch.url() + "/" + index + "/_doc/D-1?refresh=wait_for",
                "{\"stage\":\"BUILD_CONSENSUS\"}"), HttpResponse.BodyHandlers.ofString());
        assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);
        HttpResponse<String> found = http.send(json("POST", elasticsearch.url() + "/" + index + "/_search",
                "{\"query\":{\"term\":{\"stage\":\"BUILD_CONSENSUS\"}}}"), HttpResponse.BodyHandlers.ofString());
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"total\":{\"value\":1,").contains("\"_id\":\"D-1\"");
        HttpResponse<String> none = http.send(json("POST", elasticsearch.url() + "/" + index + "/_search",
                "{\"query\":{\"term\":{\"stage\":\"LEARN\"}}}"), HttpResponse.BodyHandlers.ofString());
        assertThat(none.body()).contains("\"total\":{\"value\":0,");
    }

    @Test
    void aBusyPortIsReportedByComponentAndPort(@TempDir Path dir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> LocalPostgres.start(dir.resolve("pg"), port))
                    .isInstanceOf(StackStartException.class)
                    .hasMessageContaining("PostgreSQL cannot start: port " + port);
            assertThatThrownBy(() -> LocalKafka.start(dir.resolve("kafka"), port, port + 1, "128m"))
                    .isInstanceOf(StackStartException.class)
                    .hasMessageContaining("Kafka cannot start: port " + port);
            assertThat(Files.exists(dir.resolve("pg/data/postgresql.conf"))).isFalse();
        }
    }

    private static HttpRequest json(String method, String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
