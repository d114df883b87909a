package dev.momentum.localstack.launcher;

import dev.momentum.contracts.auth.LocalTokens;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.LocalStack;
import dev.momentum.localstack.StackSettings;
import dev.momentum.localstack.StackStartException;
import dev.momentum.localstack.process.ChildProcess;
import dev.momentum.localstack.process.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What {@code ./momentum up} and {@code ./momentum status} run: the real stack and the three
 * services, each its own process, stopped together on Ctrl-C or {@code ./momentum down}.
 */
public final class Launcher {

    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path project;
    private final Path home;

    private Launcher(Path project, Path home) {
        this.project = project;
        this.home = home;
    }

    public static void main(String[] args) {
        Path project = Path.of(System.getProperty("momentum.project", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("momentum.home", project.resolve(".momentum").toString()));
        Launcher launcher = new Launcher(project, home);
        String command = args.length == 0 ? "up" : args[0];
        try {
            switch (command) {
                case "up" -> launcher.up(List.of(args).contains("--reset"));
                case "status" -> System.exit(launcher.status() ? 0 : 3);
                default -> {
                    System.err.println("unknown command: " + command + " (up [--reset] | status)");
                    System.exit(2);
                }
            }
        } catch (StackStartException e) {
            System.err.println();
            System.err.println("Momentum could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    private void up(boolean reset) {
        Path pidFile = home.resolve("run/launcher.pid");
        Optional<Long> running = readPid(pidFile).filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        if (running.isPresent()) {
            throw new StackStartException("Momentum is already running (launcher pid " + running.get()
                    + "). Use ./momentum status, or ./momentum down to stop it.");
        }
        for (Service service : Service.ALL) {
            Ports.requireFree(service.name(), "HTTP", service.port());
            if (!Files.isRegularFile(jar(service))) {
                throw new StackStartException(jar(service) + " is missing: build first (./momentum up builds it).");
            }
        }
        write(pidFile, Long.toString(ProcessHandle.current().pid()));
        try {
            Files.deleteIfExists(home.resolve("run/ready")); // left by a launcher that was killed
        } catch (IOException e) {
            throw new StackStartException("cannot delete " + home.resolve("run/ready") + ": " + e.getMessage(), e);
        }
        String jwtSecret = jwtSecret(home);
        long t0 = System.nanoTime();
        System.out.println("Starting the local stack (data and logs in " + home + ")");
        StackSettings settings = StackSettings.defaults(home, reset);
        LocalStack stack = LocalStack.start(settings, line -> System.out.println("  " + line));
        List<ChildProcess> services = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Momentum...");
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).stop(Duration.ofSeconds(20));
            }
            stack.close();
            try {
                Files.deleteIfExists(home.resolve("run/ready"));
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // the next up sees the pid is gone
            }
            System.out.println("Stopped.");
        }, "momentum-stop"));

        System.out.println("Starting the services");
        long t1 = System.nanoTime();
        for (Service service : Service.ALL) {
            services.add(ChildProcess.start(service.name(), serviceCommand(service), project,
                    serviceEnvironment(stack, service, jwtSecret), home.resolve("logs/" + service.name() + ".log"),
                    home.resolve("run/" + service.name() + ".pid")));
        }
        try {
            CompletableFuture.allOf(services.stream().map(process -> CompletableFuture.runAsync(() -> {
                Service service = Service.ALL.get(services.indexOf(process));
                process.awaitReady("/actuator/health UP", SERVICE_READY_TIMEOUT, () -> healthUp(service));
                System.out.printf("  %-18s ready in %4.1f s  http://localhost:%d%n", service.name(),
                        (System.nanoTime() - t1) / 1e9, service.port());
            })).toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof StackStartException s ? s : e;
        }

        System.out.printf("%nMomentum is up in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        System.out.println();
        for (Service service : Service.ALL) {
            System.out.printf("  %-18s http://localhost:%d  (Swagger UI: http://localhost:%d/swagger-ui.html)%n",
                    service.name(), service.port(), service.port());
        }
        System.out.printf("  %-18s %s%n", "PostgreSQL", stack.postgres().jdbcUrl("{commitments,deals}") + " user postgres");
        System.out.printf("  %-18s %s%n", "Kafka", stack.kafka().bootstrapServers());
        System.out.printf("  %-18s %s%n", "Elasticsearch", stack.elasticsearch().url());
        System.out.println("  Logs: ./momentum logs NAME  (" + home.resolve("logs") + ")");
        System.out.println("  Every /api/** call needs a bearer token: ./momentum token --tenant demo");
        System.out.println("\nPress Ctrl-C to stop everything (or run ./momentum down).");
        // ./momentum demo waits for this file before it loads data
        write(home.resolve("run/ready"), Long.toString(ProcessHandle.current().pid()));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> serviceCommand(Service service) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar(service).toString());
    }

    /**
     * The local HS256 secret the services accept tokens of: generated on the first {@code up} and
     * kept (also across {@code --reset}) so tokens handed out earlier stay valid.
     */
    static String jwtSecret(Path home) {
        Path file = home.resolve(LocalTokens.SECRET_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                // created readable by the owner only before the secret goes in
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, LocalTokens.newSecret() + "\n");
                System.out.println("Generated the local JWT secret in " + file);
            }
            String secret = Files.readString(file).trim();
            LocalTokens.decodeSecret(secret);
            return secret;
        } catch (IOException e) {
            throw new StackStartException("cannot create or read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new StackStartException(file + " holds no usable secret (" + e.getMessage()
                    + "); delete it and a new one is generated (tokens signed with the old one stop working)", e);
        }
    }

    /** Settings as environment variables: the secret must not show on a command line ({@code ps}). */
    private static Map<String, String> serviceEnvironment(LocalStack stack, Service service, String jwtSecret) {
        String database = switch (service.name()) {
            case "commitment-service" -> "commitments";
            case "deal-service" -> "deals";
            default -> null;
        };
        var env = new java.util.HashMap<String, String>();
        env.put("SERVER_PORT", Integer.toString(service.port()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers());
        env.put("SPRING_ELASTICSEARCH_URIS", stack.elasticsearch().url());
        env.put("MOMENTUM_SECURITY_JWT_SECRET", jwtSecret);
        if (database != null) {
            env.put("SPRING_DATASOURCE_URL", stack.postgres().jdbcUrl(database));
            env.put("SPRING_DATASOURCE_USERNAME", stack.postgres().username());
            env.put("SPRING_DATASOURCE_PASSWORD", stack.postgres().password());
        }
        return env;
    }

    private Path jar(Service service) {
        return project.resolve(service.name()).resolve("target").resolve(service.name() + ".jar");
    }

    /** Prints what answers; true when everything does. */
    private boolean status() {
        boolean allUp = true;
        Optional<Long> launcher = readPid(home.resolve("run/launcher.pid"))
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        System.out.println("launcher           " + launcher.map(pid -> "running (pid " + pid + ")").orElse("not running"));
        int[] ports = {StackSettings.DEFAULT_POSTGRES_PORT, StackSettings.DEFAULT_KAFKA_PORT, StackSettings.DEFAULT_ELASTICSEARCH_PORT};
        Component[] components = Component.values();
        for (int i = 0; i < components.length; i++) {
            boolean listening = listening(ports[i]);
            allUp &= listening;
            System.out.printf("%-18s %s (port %d)%n", components[i].displayName(), listening ? "UP" : "DOWN", ports[i]);
        }
        for (Service service : Service.ALL) {
            boolean up = healthUp(service);
            allUp &= up;
            System.out.printf("%-18s %s (%s)%n", service.name(), up ? "UP" : "DOWN", service.healthUrl());
        }
        return allUp;
    }

    private static boolean healthUp(Service service) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.healthUrl()))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new StackStartException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
