package dev.momentum.support.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code momentum.api.idempotency.*}: how long an {@code Idempotency-Key} is remembered.
 *
 * @param retention         a key and its answer are kept this long after the first request, then forgotten
 * @param inProgressTimeout a key still "in progress" after this long belongs to a request that never finished
 *                          (its instance was killed): a retry with the same request may run it again
 * @param purgeInterval     how often expired keys are deleted
 */
@ConfigurationProperties("momentum.api.idempotency")
public record IdempotencyProperties(@DefaultValue("PT24H") Duration retention,
                                    @DefaultValue("PT1M") Duration inProgressTimeout,
                                    @DefaultValue("PT10M") Duration purgeInterval) {

    public IdempotencyProperties {
        if (retention.isNegative() || retention.isZero() || inProgressTimeout.isNegative() || inProgressTimeout.isZero()
                || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("momentum.api.idempotency.* durations must be positive");
        }
    }
}
