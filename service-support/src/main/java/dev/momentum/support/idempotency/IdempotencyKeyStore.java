package dev.momentum.support.idempotency;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code idempotency_keys} table (each service's own Flyway migration creates it): per tenant and key,
 * the fingerprint of the first request and, once it is answered, that answer. Each statement commits on
 * its own, so a concurrent request with the same key sees the claim at once.
 */
public class IdempotencyKeyStore {

    /** What a request with a key may do. */
    public sealed interface Claim permits Claimed, Replay, InUse, Reused {
    }

    /** The key is this request's now: run it, then {@link #complete} or {@link #release}. */
    public record Claimed() implements Claim {
    }

    /** The same request was answered before: answer it again. */
    public record Replay(StoredResponse response) implements Claim {
    }

    /** The same request is being answered right now. */
    public record InUse() implements Claim {
    }

    /** The key was used for another request. */
    public record Reused() implements Claim {
    }

    /** The parts of an answer that a replay repeats. */
    public record StoredResponse(int status, String contentType, String location, byte[] body) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StoredResponse other && status == other.status && Arrays.equals(body, other.body)
                    && java.util.Objects.equals(contentType, other.contentType) && java.util.Objects.equals(location, other.location);
        }

        @Override
        public int hashCode() {
            return 31 * status + Arrays.hashCode(body);
        }
    }

    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Duration inProgressTimeout;

    public IdempotencyKeyStore(JdbcClient jdbc, Duration retention, Duration inProgressTimeout) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.inProgressTimeout = inProgressTimeout;
    }

    /**
     * Claims the key for this request, atomically: the insert wins for one request only. An expired key, or one left
     * "in progress" by a request that never finished (same fingerprint), is taken over.
     */
    public Claim claim(String tenant, String key, String fingerprint) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int claimed = jdbc.sql("""
                    INSERT INTO idempotency_keys (tenant_id, idempotency_key, fingerprint, state, created_at)
                    VALUES (:tenant, :key, :fingerprint, 'IN_PROGRESS', now())
                    ON CONFLICT (tenant_id, idempotency_key) DO UPDATE
                       SET fingerprint = EXCLUDED.fingerprint, state = 'IN_PROGRESS', created_at = EXCLUDED.created_at,
                           response_status = NULL, content_type = NULL, location = NULL, response_body = NULL
                     WHERE idempotency_keys.created_at < now() - make_interval(secs => :retention)
                        OR (idempotency_keys.state = 'IN_PROGRESS' AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
                            AND idempotency_keys.created_at < now() - make_interval(secs => :timeout))""")
                    .param("tenant", tenant).param("key", key).param("fingerprint", fingerprint)
                    .param("retention", seconds(retention)).param("timeout", seconds(inProgressTimeout))
                    .update();
            if (claimed == 1) {
                return new Claimed();
            }
            Optional<Claim> existing = jdbc.sql("""
                    SELECT fingerprint, state, response_status, content_type, location, response_body
                      FROM idempotency_keys WHERE tenant_id = :tenant AND idempotency_key = :key""")
                    .param("tenant", tenant).param("key", key)
                    .query((rs, row) -> {
                        if (!fingerprint.equals(rs.getString("fingerprint"))) {
                            return (Claim) new Reused();
                        }
                        if (IN_PROGRESS.equals(rs.getString("state"))) {
                            return new InUse();
                        }
                        return new Replay(new StoredResponse(rs.getInt("response_status"), rs.getString("content_type"),
                                rs.getString("location"), rs.getBytes("response_body")));
                    }).optional();
            if (existing.isPresent()) {
                return existing.get();
            }
            // released or purged between the two statements: claim again
        }
        return new InUse();
    }

    /** Stores the answer of the request that claimed the key. */
    public void complete(String tenant, String key, String fingerprint, StoredResponse response) {
        jdbc.sql("""
                UPDATE idempotency_keys SET state = :completed, response_status = :status, content_type = :contentType,
                       location = :location, response_body = :body
                 WHERE tenant_id = :tenant AND idempotency_key = :key AND fingerprint = :fingerprint AND state = :inProgress""")
                .param("completed", COMPLETED).param("inProgress", IN_PROGRESS)
                .param("status", response.status()).param("contentType", response.contentType())
                .param("location", response.location()).param("body", response.body())
                .param("tenant", tenant).param("key", key).param("fingerprint", fingerprint)
                .update();
    }

    /** Forgets a claim whose answer is not kept (a 5xx): the client's retry runs for real. */
    public void release(String tenant, String key, String fingerprint) {
        jdbc.sql("""
                DELETE FROM idempotency_keys
                 WHERE tenant_id = :tenant AND idempotency_key = :key AND fingerprint = :fingerprint AND state = :inProgress""")
                .param("tenant", tenant).param("key", key).param("fingerprint", fingerprint).param("inProgress", IN_PROGRESS)
                .update();
    }

    /** Deletes the keys older than the retention; how many. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => :retention)")
                .param("retention", seconds(retention)).update();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
