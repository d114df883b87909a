package dev.momentum.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.momentum.localstack.process.ChildProcess;
import dev.momentum.localstack.process.LocalPostgres;
import dev.momentum.localstack.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fault-injection suite relies on: components stopped, killed and started again as they were. */
class RestartTest {

    @Test
    void postgresStartsAgainOnTheSamePortWithItsData(@TempDir Path dir) throws Exception {
        int port = Ports.freeForRestarts();
        assertThat(port).isBetween(20_000, 32_000);
        LocalPostgres postgres = LocalPostgres.start(dir.resolve("pg"), port);
        try {
            postgres.createDatabase("restart");
            execute(postgres, "create table kept (id text primary key); insert into kept values ('before the restart')");

            postgres.stop();
            assertThatThrownBy(() -> execute(postgres, "select 1")).isInstanceOf(SQLException.class);
            postgres.start();

            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("restart"), postgres.username(),
                    postgres.password()); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("select id from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("before the restart");
            }
            assertThat(postgres.port()).isEqualTo(port);
        } finally {
            postgres.close();
        }
    }

    @Test
    void killEndsAProcessAtOnceWithoutItsShutdownHooks(@TempDir Path dir) {
        // a shell that would print on SIGTERM: a kill -9 leaves it no chance
        ChildProcess child = ChildProcess.start("sleeper", List.of("sh", "-c", "trap 'echo terminated' TERM; sleep 60 & wait"),
                dir, Map.of(), dir.resolve("sleeper.log"), dir.resolve("sleeper.pid"));
        assertThat(child.isAlive()).isTrue();
        long started = System.nanoTime();
        child.kill();
        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(Files.exists(dir.resolve("sleeper.pid"))).isFalse();
        assertThat(child.tail(5)).doesNotContain("terminated");
    }

    private static void execute(LocalPostgres postgres, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("restart"), postgres.username(),
                postgres.password()); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
