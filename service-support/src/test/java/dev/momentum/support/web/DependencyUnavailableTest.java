package dev.momentum.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class DependencyUnavailableTest {

    private final ProblemHandler handler = new ProblemHandler() {
    };

    @Test
    void aDatabaseThatCannotBeReachedIsRecognisedHoweverItWasWrapped() {
        // Hikari's pool timing out while PostgreSQL is down, as Spring's transaction manager reports it
        assertThat(DependencyUnavailable.isUnavailable(new CannotCreateTransactionException("no tx",
                new SQLTransientConnectionException("Connection is not available, request timed out after 2000ms")))).isTrue();
        // the JDBC driver's own: connection refused (08001), I/O error (08006), shutting down or starting up (57P0x)
        assertThat(DependencyUnavailable.isUnavailable(new IllegalStateException("Axon's event store failed",
                new RuntimeException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))))).isTrue();
        assertThat(DependencyUnavailable.isUnavailable(new SQLException("An I/O error occurred", "08006"))).isTrue();
        assertThat(DependencyUnavailable.isUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(DependencyUnavailable.isUnavailable(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DependencyUnavailable.isUnavailable(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        // what Axon's JDBC event store reported for commands in flight when PostgreSQL restarted under load
        assertThat(DependencyUnavailable.isUnavailable(new org.axonframework.common.jdbc.JdbcException(
                "Failed to create a SQL statement", new SQLException("Connection is closed")))).isTrue();
        assertThat(DependencyUnavailable.isUnavailable(new RuntimeException(new ConnectException("Connection refused"))))
                .isTrue();

        assertThat(DependencyUnavailable.isUnavailable(new SQLException("value too long", "22001"))).isFalse();
        assertThat(DependencyUnavailable.isUnavailable(new IllegalArgumentException("bug"))).isFalse();
        assertThat(DependencyUnavailable.isUnavailable(null)).isFalse();
    }

    @Test
    void aDependencyDownIs503WithRetryAfterAndABugStays500() {
        ResponseEntity<ProblemDetail> down = handler.unexpected(new IllegalStateException("command failed",
                new CannotCreateTransactionException("no tx", new SQLException("refused", "08001"))));
        assertThat(down.getStatusCode().value()).isEqualTo(503);
        assertThat(down.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo(Integer.toString(DependencyUnavailable.RETRY_AFTER_SECONDS));
        assertThat(down.getBody().getDetail()).isEqualTo(DependencyUnavailable.DETAIL);

        assertThat(handler.unexpected(new NullPointerException()).getStatusCode().value()).isEqualTo(500);
    }
}
