package dev.momentum.support.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Recognises the failures of a request that could not reach a dependency (the database, Elasticsearch):
 * refused or broken connections, a connection pool that timed out, a database that is shutting down or
 * starting up, however deeply Spring, Axon or a client library wrapped them. Such a request is answered 503
 * with {@code Retry-After}, not 500: nothing is wrong with it, and the same request succeeds once the
 * dependency is back. Classes are matched by name, so that every service can use it whatever it has on its
 * class path.
 */
public final class DependencyUnavailable {

    private static final Set<String> UNAVAILABLE = Set.of(
            // Spring's translation of a lost or refused connection (CannotGetJdbcConnectionException, the
            // Elasticsearch template's connection failures, ...), and of transient resource failures
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.TransientDataAccessResourceException",
            "org.springframework.dao.RecoverableDataAccessException",
            "org.springframework.dao.QueryTimeoutException",
            // a transaction could not begin: no connection to begin it on
            "org.springframework.transaction.CannotCreateTransactionException",
            // the network below any client
            "java.net.ConnectException",
            "java.net.NoRouteToHostException",
            "java.net.SocketTimeoutException",
            "java.net.SocketException",
            "org.apache.http.ConnectionClosedException",
            "org.apache.http.NoHttpResponseException",
            "org.apache.http.conn.ConnectTimeoutException",
            "org.apache.hc.core5.http.ConnectionClosedException",
            "org.apache.hc.core5.http.NoHttpResponseException",
            // the Elasticsearch Java client's transport failures (connection refused, no answer)
            "co.elastic.clients.transport.TransportException");

    /**
     * SQL states of a database that cannot be reached or serve now: the class 08 (connection exception) is
     * matched by its prefix; admin_shutdown, crash_shutdown and cannot_connect_now (starting up or shutting
     * down) are PostgreSQL's.
     */
    private static final Set<String> SQL_STATES = Set.of("57P01", "57P02", "57P03");

    /**
     * What HikariCP's proxy throws (without an SQL state) when the request goes on using a connection that the
     * pool closed because the database broke it (a fatal 08xxx error earlier in the same request, often hidden
     * behind a rollback's own failure): seen when PostgreSQL restarts under load.
     */
    private static final String POOL_CLOSED_CONNECTION = "Connection is closed";

    /** What a client is told. */
    // not "nothing was changed": a connection lost during the commit leaves the outcome unknown to the service
    public static final String DETAIL = "A service this one depends on (its database or store) is not available"
            + " right now, so the request was not completed. Repeat it after the time in Retry-After; a later read"
            + " shows whether it had been applied.";

    /** Seconds a client should wait before asking again. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private DependencyUnavailable() {
    }

    /** Whether the failure, or one of its causes, says that a dependency could not be reached. */
    public static boolean isUnavailable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (UNAVAILABLE.contains(type.getName())) {
                    return true;
                }
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SQL_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && POOL_CLOSED_CONNECTION.equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
