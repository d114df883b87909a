package dev.momentum.e2e;

import dev.momentum.client.MomentumClient;
import dev.momentum.contracts.Topics;
import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.localstack.Elasticsearch;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.Postgres;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real stack (shared test components, or a stack of the caller's) and the three packaged services,
 * each started as its own process from its jar, as an operator would run them, with a JWT secret of
 * their own. Test classes share one system ({@link Shared}) and keep apart as tenants, as companies do.
 * Other modules' tests (the fault-injection suite) use it from this module's test-jar.
 */
public final class MomentumSystem implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    public static final String COMMITMENT_SERVICE = "commitment-service";
    public static final String DEAL_SERVICE = "deal-service";
    public static final String ANALYTICS_SERVICE = "analytics-service";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

    /** How one service is run: enough to start it again after it was stopped or killed. */
    private record Launch(String name, String url, List<String> command, Path log, Path pidFile) {
    }

    private final Map<String, Launch> launches = new LinkedHashMap<>();
    private final Map<String, ChildProcess> running = new LinkedHashMap<>();
    private final Path project;
    private final String jwtSecret = LocalTokens.newSecret();
    public final LocalTokens tokens = new LocalTokens(jwtSecret);
    public final String commitmentUrl;
    public final String dealUrl;
    public final String analyticsUrl;
    public final Settings settings;

    private MomentumSystem(Path project, Settings settings, String commitmentUrl, String dealUrl, String analyticsUrl) {
        this.project = project;
        this.settings = settings;
        this.commitmentUrl = commitmentUrl;
        this.dealUrl = dealUrl;
        this.analyticsUrl = analyticsUrl;
    }

    /** The components a system runs on. */
    public record Stack(Postgres postgres, Kafka kafka, Elasticsearch elasticsearch) {

        /** The test JVM's shared components ({@link TestStack}), started on first use. */
        public static Stack shared() {
            return new Stack(TestStack.postgres(), TestStack.kafka(), TestStack.elasticsearch());
        }
    }

    /**
     * Resolves a {@code MomentumSystem} parameter (e.g. of a {@code @BeforeAll} method): one system
     * for the whole test run, stopped when the run ends, before the shared stack goes.
     */
    public static final class Shared implements ParameterResolver {

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
    public String token(String tenant, Scope... scopes) {
        return tokens.issue(tenant, scopes.length == 0 ? List.of(Scope.values()) : List.of(scopes), Duration.ofHours(1),
                Instant.now());
    }

    /** The integrators' client of the three services, acting for {@code tenant} with every scope. */
    public MomentumClient client(String tenant) {
        return MomentumClient.builder().commitmentUrl(commitmentUrl).dealUrl(dealUrl).analyticsUrl(analyticsUrl)
                .bearerToken(token(tenant)).build();
    }

    /**
     * What makes one system differ from another on the same stack.
     *
     * @param commitmentsTopic, dealsTopic the contract topics it publishes to and reads from
     * @param names prefix of its consumer groups, dead-letter topic and Elasticsearch aliases; empty for
     *     the services' defaults
     * @param properties more Spring properties for all three services (e.g. {@code momentum.stall.*})
     */
    public record Settings(String commitmentsTopic, String dealsTopic, String names, Map<String, String> properties) {

        /** The contract topics and the services' default names: the system the test classes share. */
        public static Settings standard() {
            return new Settings(Topics.COMMITMENTS, Topics.DEALS, "", Map.of());
        }

        /** A system of its own beside the shared one: its own topics, groups and indices. */
        public static Settings isolated(String name, Map<String, String> properties) {
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
                all.put("spring.kafka.consumer.group-id", dealServiceGroup());
                all.put("momentum.deals.kafka.dlt-topic", dlt("deals"));
            }
            return all;
        }

        private Map<String, String> forAnalytics() {
            Map<String, String> all = new java.util.LinkedHashMap<>(properties);
            all.put("momentum.analytics.kafka.commitments-topic", commitmentsTopic);
            all.put("momentum.analytics.kafka.deals-topic", dealsTopic);
            if (!names.isEmpty()) {
                all.put("momentum.analytics.kafka.group-id", analyticsGroup());
                all.put("momentum.analytics.kafka.dlt-topic", dlt("analytics"));
                all.put("momentum.analytics.index-prefix", names);
            }
            return all;
        }

        /** The deal-service's consumer group (of the commitments topic). */
        public String dealServiceGroup() {
            return names.isEmpty() ? "deal-service" : names + "-deal-service";
        }

        /** The analytics projection's consumer group. */
        public String analyticsGroup() {
            return names.isEmpty() ? "analytics" : names + "-analytics";
        }

        /** Where the analytics projection dead-letters what it cannot decode. */
        public String analyticsDeadLetterTopic() {
            return names.isEmpty() ? Topics.ANALYTICS_SERVICE_DLT : dlt("analytics");
        }
    }

    /** A system with {@code settings} on the shared test stack; the caller closes it. */
    public static MomentumSystem start(Settings settings) {
        Path project = project();
        return start(settings, Stack.shared(), project.resolve("end-to-end/target/e2e-logs").resolve(settings.names()));
    }

    /**
     * A system with {@code settings} on {@code stack}, its services' logs and pid files in {@code logs}: its
     * own databases, and the contract topics created up front; the caller closes it.
     */
    public static MomentumSystem start(Settings settings, Stack stack, Path logs) {
        Path project = project();
        String commitments = TestStack.uniqueName("commitments");
        String deals = TestStack.uniqueName("deals");
        stack.postgres().createDatabase(commitments);
        stack.postgres().createDatabase(deals);
        // every topic, dead-letter topics included, as ./momentum up creates them
        settings.createTopics(stack.kafka());
        String kafka = stack.kafka().bootstrapServers();
        String elasticsearch = stack.elasticsearch().url();
        int commitmentPort = Ports.free();
        int dealPort = Ports.free();
        int analyticsPort = Ports.free();
        MomentumSystem system = new MomentumSystem(project, settings, "http://127.0.0.1:" + commitmentPort,
                "http://127.0.0.1:" + dealPort, "http://127.0.0.1:" + analyticsPort);
        try {
            system.launch(logs, COMMITMENT_SERVICE, commitmentPort, system.commitmentUrl, with(settings.forCommitments(),
                    "spring.datasource.url", stack.postgres().jdbcUrl(commitments),
                    "spring.datasource.username", stack.postgres().username(),
                    "spring.datasource.password", stack.postgres().password(),
                    "spring.kafka.bootstrap-servers", kafka));
            system.launch(logs, DEAL_SERVICE, dealPort, system.dealUrl, with(settings.forDeals(),
                    "spring.datasource.url", stack.postgres().jdbcUrl(deals),
                    "spring.datasource.username", stack.postgres().username(),
                    "spring.datasource.password", stack.postgres().password(),
                    "spring.kafka.bootstrap-servers", kafka));
            system.launch(logs, ANALYTICS_SERVICE, analyticsPort, system.analyticsUrl, with(settings.forAnalytics(),
                    "spring.elasticsearch.uris", elasticsearch,
                    "spring.kafka.bootstrap-servers", kafka));
            for (String name : system.launches.keySet()) {
                system.awaitHealthy(name, READY_TIMEOUT);
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private static Path project() {
        return Path.of(System.getProperty("momentum.project", "..")).toAbsolutePath().normalize();
    }

    /** The base URL of a service ({@link #COMMITMENT_SERVICE}, {@link #DEAL_SERVICE}, {@link #ANALYTICS_SERVICE}). */
    public String url(String service) {
        return launch(service).url();
    }

    /** The log file of a service. */
    public Path log(String service) {
        return launch(service).log();
    }

    /** The pid of a running service. */
    public long pid(String service) {
        return process(service).pid();
    }

    /** Kills a service at once ({@code kill -9}): no shutdown hooks, nothing flushed, nothing released. */
    public synchronized void kill(String service) {
        process(service).kill();
    }

    /** Stops a service cleanly (SIGTERM, as an orchestrator does), waiting up to {@code grace}. */
    public synchronized void stop(String service, Duration grace) {
        process(service).stop(grace);
    }

    /**
     * Starts a stopped or killed service again, with the same port, properties and log (appended), and
     * returns once its health is UP; does nothing to one that runs.
     */
    public void restart(String service, Duration timeout) {
        Launch launch = launch(service);
        synchronized (this) {
            ChildProcess process = running.get(service);
            if (process == null || !process.isAlive()) {
                running.put(service, ChildProcess.start(service, launch.command(), project,
                        Map.of("MOMENTUM_SECURITY_JWT_SECRET", jwtSecret), launch.log(), launch.pidFile()));
            }
        }
        awaitHealthy(service, timeout);
    }

    /**
     * Starts one more instance of a service, with the same properties (databases, topics, consumer groups,
     * indices) on a port of its own, and returns once its health is UP. Its name, for {@link #kill} and the
     * others, is {@code service + "-" + n}, n = 2, 3, ...
     */
    public String addInstance(String service, Duration timeout) {
        Launch first = launch(service);
        String name;
        Launch launch;
        synchronized (this) {
            int n = 2;
            while (launches.containsKey(service + "-" + n)) {
                n++;
            }
            name = service + "-" + n;
            int port = Ports.free();
            List<String> command = first.command().stream()
                    .map(arg -> arg.startsWith("--server.port=") ? "--server.port=" + port : arg).toList();
            Path logs = first.log().getParent();
            launch = new Launch(name, "http://127.0.0.1:" + port, command, logs.resolve(name + ".log"),
                    logs.resolve(name + ".pid"));
            launches.put(name, launch);
            running.put(name, ChildProcess.start(name, command, project, Map.of("MOMENTUM_SECURITY_JWT_SECRET", jwtSecret),
                    launch.log(), launch.pidFile()));
        }
        awaitHealthy(name, timeout);
        return name;
    }

    /** Whether {@code GET /actuator/health} of the service answers UP now. */
    public boolean healthy(String service) {
        return healthyAt(launch(service).url());
    }

    /** Waits until the service's health is UP; fails with its log's tail if it exits or the time passes. */
    public void awaitHealthy(String service, Duration timeout) {
        String url = launch(service).url();
        process(service).awaitReady("/actuator/health UP", timeout, () -> healthyAt(url));
    }

    private Launch launch(String service) {
        Launch launch = launches.get(service);
        if (launch == null) {
            throw new IllegalArgumentException("no service " + service + " in this system: " + launches.keySet());
        }
        return launch;
    }

    private synchronized ChildProcess process(String service) {
        launch(service);
        return running.get(service);
    }

    private static Map<String, String> with(Map<String, String> properties, String... keysAndValues) {
        Map<String, String> all = new java.util.LinkedHashMap<>(properties);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            all.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return all;
    }

    private void launch(Path logs, String name, int port, String url, Map<String, String> properties) {
        Path jar = project.resolve(name).resolve("target").resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the end-to-end tests run after the services are packaged");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Launch launch = new Launch(name, url, List.copyOf(command), logs.resolve(name + ".log"), logs.resolve(name + ".pid"));
        launches.put(name, launch);
        // by environment, as ./momentum up does: a secret does not belong on a command line
        running.put(name, ChildProcess.start(name, launch.command(), project, Map.of("MOMENTUM_SECURITY_JWT_SECRET", jwtSecret),
                launch.log(), launch.pidFile()));
    }

    private static boolean healthyAt(String url) {
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
    public synchronized void close() {
        List<ChildProcess> processes = new ArrayList<>(running.values());
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(Duration.ofSeconds(20));
        }
    }
}
