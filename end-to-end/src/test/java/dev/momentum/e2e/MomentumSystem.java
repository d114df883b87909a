package dev.momentum.e2e;

import dev.momentum.cli.client.MomentumClient;
import dev.momentum.contracts.Topics;
import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.localstack.process.ChildProcess;
import dev.momentum.localstack.process.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real stack (shared test components) and the three packaged services, each started as its
 * own process from its jar, as an operator would run them, with a JWT secret of their own.
 * Test classes share one system ({@link Shared}) and keep apart as tenants, as companies do.
 */
final class MomentumSystem implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<ChildProcess> services = new ArrayList<>();
    private final String jwtSecret = LocalTokens.newSecret();
    final LocalTokens tokens = new LocalTokens(jwtSecret);
    final String commitmentUrl;
    final String dealUrl;
    final String analyticsUrl;

    private MomentumSystem(String commitmentUrl, String dealUrl, String analyticsUrl) {
        this.commitmentUrl = commitmentUrl;
        this.dealUrl = dealUrl;
        this.analyticsUrl = analyticsUrl;
    }

    /**
     * Resolves a {@code MomentumSystem} parameter (e.g. of a {@code @BeforeAll} method): one system
     * for the whole test run, stopped when the run ends, before the shared stack goes.
     */
    static final class Shared implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == MomentumSystem.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(MomentumSystem.class))
                    .getOrComputeIfAbsent(MomentumSystem.class, key -> start(Settings.standard()), MomentumSystem.class);
        }
    }

    /** A token of {@code tenant} with {@code scopes} (every scope when none are named). */
    String token(String tenant, Scope... scopes) {
        return tokens.issue(tenant, scopes.length == 0 ? List.of(Scope.values()) : List.of(scopes), Duration.ofHours(1),
                Instant.now());
    }

    /** The CLI's client, acting for {@code tenant} with every scope. */
    MomentumClient client(String tenant) {
        return new MomentumClient(commitmentUrl, dealUrl, token(tenant));
    }

    /**
     * What makes one system differ from another on the same stack.
     *
     * @param commitmentsTopic, dealsTopic the contract topics it publishes to and reads from
     * @param names prefix of its consumer groups, dead-letter topic and Elasticsearch aliases; empty for
     *     the services' defaults
     * @param properties more Spring properties for all three services (e.g. {@code momentum.stall.*})
     */
    record Settings(String commitmentsTopic, String dealsTopic, String names, Map<String, String> properties) {

        /** The contract topics and the services' default names: the system the test classes share. */
        static Settings standard() {
            return new Settings(Topics.COMMITMENTS, Topics.DEALS, "", Map.of());
        }

        /** A system of its own beside the shared one: its own topics, groups and indices. */
        static Settings isolated(String name, Map<String, String> properties) {
            return new Settings(name + ".commitments.v1", name + ".deals.v1", name, properties);
        }

        /** Its topics, dead-letter topics included, with the retention {@code ./momentum up} gives them. */
        void createTopics(dev.momentum.localstack.Kafka kafka) {
            if (names.isEmpty()) {
                kafka.createMomentumTopics(Topics.DEFAULT_PARTITIONS);
                return;
            }
            Map<String, String> keepForever = Map.of(org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG,
                    Topics.RETENTION_MS);
            kafka.createTopics(List.of(commitmentsTopic, dealsTopic), Topics.DEFAULT_PARTITIONS, keepForever);
            kafka.createTopics(List.of(dlt("commitments"), dlt("deals"), dlt("analytics")), Topics.DEAD_LETTER_PARTITIONS,
                    keepForever);
        }

        private String dlt(String service) {
            return names + "." + service + ".dlt";
        }

        private Map<String, String> forCommitments() {
            Map<String, String> all = new java.util.LinkedHashMap<>(properties);
            all.put("momentum.commitments.kafka.topic", commitmentsTopic);
            if (!names.isEmpty()) {
                all.put("momentum.commitments.kafka.dlt-topic", dlt("commitments"));
            }
            return all;
        }

        private Map<String, String> forDeals() {
            Map<String, String> all = new java.util.LinkedHashMap<>(properties);
            all.put("momentum.deals.kafka.topic", dealsTopic);
            all.put("momentum.deals.commitments-topic", commitmentsTopic);
            if (!names.isEmpty()) {
                all.put("spring.kafka.consumer.group-id", names + "-deal-service");
                all.put("momentum.deals.kafka.dlt-topic", dlt("deals"));
            }
            return all;
        }

        private Map<String, String> forAnalytics() {
            Map<String, String> all = new java.util.LinkedHashMap<>(properties);
            all.put("momentum.analytics.kafka.commitments-topic", commitmentsTopic);
            all.put("momentum.analytics.kafka.deals-topic", dealsTopic);
            if (!names.isEmpty()) {
                all.put("momentum.analytics.kafka.group-id", names + "-analytics");
                all.put("momentum.analytics.kafka.dlt-topic", dlt("analytics"));
                all.put("momentum.analytics.index-prefix", names);
            }
            return all;
        }
    }

    /** A system with {@code settings}; the caller closes it. */
    static MomentumSystem start(Settings settings) {
        Path project = Path.of(System.getProperty("momentum.project", "..")).toAbsolutePath().normalize();
        Path logs = project.resolve("end-to-end/target/e2e-logs").resolve(settings.names());
        String commitments = TestStack.uniqueName("commitments");
        String deals = TestStack.uniqueName("deals");
        TestStack.postgres().createDatabase(commitments);
        TestStack.postgres().createDatabase(deals);
        // every topic, dead-letter topics included, as ./momentum up creates them
        settings.createTopics(TestStack.kafka());
        String kafka = TestStack.kafka().bootstrapServers();
        String elasticsearch = TestStack.elasticsearch().url();
        int commitmentPort = Ports.free();
        int dealPort = Ports.free();
        int analyticsPort = Ports.free();
        MomentumSystem system = new MomentumSystem("http://127.0.0.1:" + commitmentPort,
                "http://127.0.0.1:" + dealPort, "http://127.0.0.1:" + analyticsPort);
        try {
            system.start(project, logs, "commitment-service", commitmentPort, with(settings.forCommitments(),
                    "spring.datasource.url", TestStack.postgres().jdbcUrl(commitments),
                    "spring.datasource.username", TestStack.postgres().username(),
                    "spring.datasource.password", TestStack.postgres().password(),
                    "spring.kafka.bootstrap-servers", kafka));
            system.start(project, logs, "deal-service", dealPort, with(settings.forDeals(),
                    "spring.datasource.url", TestStack.postgres().jdbcUrl(deals),
                    "spring.datasource.username", TestStack.postgres().username(),
                    "spring.datasource.password", TestStack.postgres().password(),
                    "spring.kafka.bootstrap-servers", kafka));
            system.start(project, logs, "analytics-service", analyticsPort, with(settings.forAnalytics(),
                    "spring.elasticsearch.uris", elasticsearch,
                    "spring.kafka.bootstrap-servers", kafka));
            for (ChildProcess service : system.services) {
                String url = service.name().equals("commitment-service") ? system.commitmentUrl
                        : service.name().equals("deal-service") ? system.dealUrl : system.analyticsUrl;
                service.awaitReady("/actuator/health UP", Duration.ofMinutes(4), () -> healthy(url));
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private static Map<String, String> with(Map<String, String> properties, String... keysAndValues) {
        Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            all.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return all;
    }

    private void start(Path project, Path logs, String name, int port, Map<String, String> properties) {
        Path jar = project.resolve(name).resolve("target").resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the end-to-end tests run after the services are packaged");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        // by environment, as ./momentum up does: a secret does not belong on a command line
        services.add(ChildProcess.start(name, command, project, Map.of("MOMENTUM_SECURITY_JWT_SECRET", jwtSecret),
                logs.resolve(name + ".log"), logs.resolve(name + ".pid")));
    }

    private static boolean healthy(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop(Duration.ofSeconds(20));
        }
    }
}
