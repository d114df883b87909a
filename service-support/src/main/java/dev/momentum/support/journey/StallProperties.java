package dev.momentum.support.journey;

import dev.momentum.contracts.journey.StallThresholds;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The stall thresholds ({@code momentum.stall.*}), read here once for every service that applies
 * {@link dev.momentum.contracts.journey.StallPolicy}; an absent value takes the default of
 * {@link StallThresholds}, so the defaults are written in one place.
 *
 * @param inactivity  business time without progress after which an open deal is stalled (default {@code P14D})
 * @param buyerMisses distinct buyer commitments missed since the last progress that stall a deal (default 2)
 * @param closePushes expected-close-date pushes since the last progress that stall a deal (default 2)
 */
@ConfigurationProperties("momentum.stall")
public record StallProperties(Duration inactivity, Integer buyerMisses, Integer closePushes) {

    public StallThresholds thresholds() {
        return new StallThresholds(
                inactivity == null ? StallThresholds.DEFAULT_INACTIVITY : inactivity,
                buyerMisses == null ? StallThresholds.DEFAULT_BUYER_MISSES : buyerMisses,
                closePushes == null ? StallThresholds.DEFAULT_CLOSE_PUSHES : closePushes);
    }
}
