package dev.momentum.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Size;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

class ConcurrentChangesTest {

    private final ProblemHandler handler = new ProblemHandler() {
    };

    @Test
    void aLostRaceIsRecognisedInTheCauses() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        BatchUpdateException batch = new BatchUpdateException("batch aborted", "23505", new int[0], unique);
        assertThat(ConcurrentChanges.isConflict(new IllegalStateException("store failed", batch))).isTrue();
        assertThat(ConcurrentChanges.isConflict(new RuntimeException(new SQLException("deadlock", "40P01")))).isTrue();
        assertThat(ConcurrentChanges.isConflict(new org.springframework.dao.DuplicateKeyException("dup"))).isTrue();
        assertThat(ConcurrentChanges.isConflict(
                new org.springframework.dao.PessimisticLockingFailureException("lock"))).isTrue();

        assertThat(ConcurrentChanges.isConflict(new RuntimeException(new SQLException("bad", "22021")))).isFalse();
        assertThat(ConcurrentChanges.isConflict(new IllegalArgumentException("no"))).isFalse();
        assertThat(ConcurrentChanges.isConflict(null)).isFalse();
    }

    @Test
    void aLostRaceIs409AndAnythingElseUnexpected500() {
        ProblemDetail conflict = handler.unexpected(new RuntimeException(new SQLException("dup", "23505"))).getBody();
        assertThat(conflict.getStatus()).isEqualTo(HttpStatus.CONFLICT.value());
        assertThat(conflict.getDetail()).isEqualTo(ConcurrentChanges.DETAIL);
        assertThat(handler.unexpected(new IllegalStateException("bug")).getStatusCode().value()).isEqualTo(500);
    }

    static class Controller {
        void list(@Size(max = 3) String owner) {
        }
    }

    @Test
    void aParameterIsNamedWithoutItsMethod() throws Exception {
        var violations = Validation.buildDefaultValidatorFactory().getValidator().forExecutables().validateParameters(
                new Controller(), Controller.class.getDeclaredMethod("list", String.class), new Object[] {"toolong"});
        ProblemDetail problem = handler.constraintViolation(new ConstraintViolationException(violations));
        assertThat(problem.getStatus()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        var errors = (java.util.List<Map<String, String>>) problem.getProperties().get("errors");
        assertThat(errors).extracting(error -> error.get("field")).containsExactly("owner");
    }
}
