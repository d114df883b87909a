package dev.momentum.analytics.config;

import dev.momentum.contracts.journey.StallThresholds;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The stall thresholds ({@code momentum.stall.*}), the same keys and defaults as the deal-service so
 * that both apply {@link dev.momentum.contracts.journey.StallPolicy} alike.
 *
 * @param inactivity  business time without progress after which a deal is stalled
 * @param buyerMisses distinct buyer commitments missed since the last progress that stall a deal
 * @param closePushes expected-close-date pushes since the last progress that stall a deal
 */
@ConfigurationProperties("momentum.stall")
public record StallProperties(
        @DefaultValue("P14D") Duration inactivity,
        @DefaultValue("2") int buyerMisses,
        @DefaultValue("2") int closePushes) {

    public StallThresholds thresholds() {
        return new StallThresholds(inactivity, buyerMisses, closePushes);
    }
}
