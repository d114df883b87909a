package dev.momentum.support.web;

import java.sql.SQLException;
import java.util.Set;

/**
 * Recognises the failures of a write that lost a race with a concurrent write to the same thing:
 * Axon's {@code ConcurrencyException} and {@code AggregateStreamCreationException} (another
 * instance appended to the same aggregate first), and unique violations, serialization failures and
 * deadlocks in the database. Such a write changed nothing; retried, it sees the other's result.
 * Classes are matched by name, so that services without Axon or Spring JDBC can use it.
 */
public final class ConcurrentChanges {

    private static final Set<String> CONFLICTS = Set.of(
            "org.axonframework.modelling.command.ConcurrencyException",
            "org.axonframework.modelling.command.AggregateStreamCreationException",
            "org.springframework.dao.ConcurrencyFailureException",
            "org.springframework.dao.DuplicateKeyException");
    /** unique_violation, serialization_failure, deadlock_detected */
    private static final Set<String> SQL_STATES = Set.of("23505", "40001", "40P01");

    /** What a client is told. */
    public static final String DETAIL = "Another request changed the same resource at the same time; this one changed"
            + " nothing. Read the resource again and repeat the request if it is still needed.";

    private ConcurrentChanges() {
    }

    /** Whether the failure, or one of its causes, is a lost race with a concurrent write. */
    public static boolean isConflict(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
                if (CONFLICTS.contains(type.getName())) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && SQL_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
