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
 */
public final class LocalPostgres implements Postgres {

    private static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final int port;

    private LocalPostgres(EmbeddedPostgres server, int port) {
        this.server = server;
        this.port = port;
    }

    public static LocalPostgres start(Path dir, int port) {
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
