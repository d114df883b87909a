package dev.momentum.support;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings every service's REST API shares ({@code momentum.api.*}).
 *
 * @param maxRequestSize larger request bodies are refused with 413 (an import of 1,000 items fits in 4MB)
 * @param maxClockSkew   how far in the future a client's {@code occurredAt} may lie
 * @param importParallelism how many items of a history import are applied at once
 */
@ConfigurationProperties("momentum.api")
public record ApiProperties(@DefaultValue("4MB") DataSize maxRequestSize, @DefaultValue("PT1M") Duration maxClockSkew,
                            @DefaultValue("4") int importParallelism) {
}
