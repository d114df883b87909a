package dev.momentum.client;

import java.time.Duration;

/**
 * When a call is repeated. Every call the client makes is safe to repeat: reads and {@code PUT} by nature, and each
 * {@code POST} carries an {@code Idempotency-Key} that its repetitions reuse, so the service applies it once and
 * answers a repetition as it answered the first. A call is repeated, up to {@code maxAttempts} in all:
 * <ul>
 *   <li>after 503 ({@code dependency-unavailable}) or 409 {@code idempotency-key-in-use}: once {@code Retry-After}
 *   has passed, but never waiting longer than {@code maxWait} (a service that asks for more is asked again sooner);
 *   without {@code Retry-After}, after {@code backoff};</li>
 *   <li>after 409 {@code concurrent-change} (it lost a race and changed nothing) and after a connection failure
 *   (refused, reset, time-out: whether the request arrived is unknown), after {@code backoff} times the attempt's
 *   number.</li>
 * </ul>
 * Nothing else is repeated: other errors answer the same every time.
 *
 * @param maxAttempts at least 1 (1 = never repeat)
 */
public record RetryPolicy(int maxAttempts, Duration maxWait, Duration backoff) {

    /** 4 attempts, waiting at most 30 s each time, 1 s (times the attempt) without {@code Retry-After}. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(30), Duration.ofSeconds(1));

    /** Every call once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (maxWait.isNegative() || backoff.isNegative()) {
            throw new IllegalArgumentException("maxWait and backoff must not be negative");
        }
    }

    /** How long to wait before attempt {@code attempt + 1}, the service having asked for {@code retryAfter} (or null). */
    Duration delay(int attempt, Duration retryAfter) {
        Duration wanted = retryAfter != null ? retryAfter : backoff.multipliedBy(attempt);
        return wanted.compareTo(maxWait) > 0 ? maxWait : wanted;
    }
}
