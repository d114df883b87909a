package dev.momentum.localstack.process;

import dev.momentum.localstack.Postgres;
import dev.momentum.localstack.StackStartException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL 17 from the zonky binaries jar, as a child of this JVM. The data folder is kept
 * between runs; zonky runs initdb only when it holds no cluster yet.
 *
 * <p>zonky starts PostgreSQL with {@code -F} (fsync off) and {@code synchronous_commit=off} unless
 * told otherwise: fast, and a crash of the machine can lose transactions that were reported
 * committed (commands answered 201). {@link Durability#DURABLE}, what {@code ./momentum up} runs,
 * turns both back on; only the test stack uses {@link Durability#FAST_NOT_CRASH_SAFE}.
 */
public final class LocalPostgres implements Postgres {

    /** Whether a committed transaction survives a crash of the machine. */
    public enum Durability {
        /** {@code fsync=on}, {@code synchronous_commit=on}: PostgreSQL's own defaults. */
        DURABLE("on"),
        /** {@code fsync=off}, {@code synchronous_commit=off}: for throw-away test data only. */
        FAST_NOT_CRASH_SAFE("off");

        private final String setting;

        Durability(String setting) {
            this.setting = setting;
        }
    }

    private static final String USER = "postgres";

    private final Path dir;
    private final int port;
    private final Durability durability;
    private EmbeddedPostgres server;

    private LocalPostgres(Path dir, int port, Durability durability) {
        this.dir = dir;
        this.port = port;
        this.durability = durability;
    }

    /** A durable server: what {@code ./momentum up} runs. */
    public static LocalPostgres start(Path dir, int port) {
        return start(dir, port, Durability.DURABLE);
    }

    public static LocalPostgres start(Path dir, int port, Durability durability) {
        LocalPostgres postgres = new LocalPostgres(dir, port, durability);
        postgres.start();
        return postgres;
    }

    /**
     * Starts a stopped server again on the same port with the same data (the cluster is initialised only
     * the first time). Does nothing while it runs.
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Ports.requireFree("PostgreSQL", "SQL", port);
        Path log = dir.resolve("postgres.log");
        try {
            Files.createDirectories(dir);
            server = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // several services plus many cached Spring test contexts share one server
                    .setServerConfig("max_connections", "300")
                    // given after zonky's -F, so it wins; both settings are zonky's "off" otherwise
                    .setServerConfig("fsync", durability.setting)
                    .setServerConfig("synchronous_commit", durability.setting)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            query("select 1");
        } catch (IOException | RuntimeException | SQLException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException | RuntimeException ignored) {
                    // the start failure is what matters
                }
                server = null;
            }
            throw new StackStartException("PostgreSQL did not start on port " + port + ": " + e.getMessage()
                    + ". Log: " + log + "\n" + ChildProcess.tail(log, 20), e);
        }
    }

    /**
     * Stops the server (a fast shutdown: open connections are closed), keeping its data: lets tests prove
     * behaviour while PostgreSQL is down or restarting. {@link #start()} brings it back.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new StackStartException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        } finally {
            server = null;
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        // local trust authentication: any password is accepted
        return "postgres";
    }

    private void query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
