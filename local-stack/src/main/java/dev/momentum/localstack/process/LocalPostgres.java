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

    private final EmbeddedPostgres server;
    private final int port;

    private LocalPostgres(EmbeddedPostgres server, int port) {
        this.server = server;
        this.port = port;
    }

    /** A durable server: what {@code ./momentum up} runs. */
    public static LocalPostgres start(Path dir, int port) {
        return start(dir, port, Durability.DURABLE);
    }

    public static LocalPostgres start(Path dir, int port, Durability durability) {
        Ports.requireFree("PostgreSQL", "SQL", port);
        Path log = dir.resolve("postgres.log");
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
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
            LocalPostgres postgres = new LocalPostgres(server, port);
            postgres.query("select 1");
            return postgres;
        } catch (IOException | RuntimeException | SQLException e) {
            throw new StackStartException("PostgreSQL did not start on port " + port + ": " + e.getMessage()
                    + ". Log: " + log + "\n" + ChildProcess.tail(log, 20), e);
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
        try {
            server.close();
        } catch (IOException e) {
            throw new StackStartException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
