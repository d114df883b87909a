package dev.momentum.support.journey;

import dev.momentum.contracts.journey.StallPolicy;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The contract's stall rules with this deployment's thresholds, the same bean in every service. */
@AutoConfiguration
@EnableConfigurationProperties(StallProperties.class)
public class StallPolicyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    StallPolicy stallPolicy(StallProperties stall) {
        return new StallPolicy(stall.thresholds());
    }
}
