package dev.momentum.deal;

import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.contracts.journey.StallThresholds;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties({DealProperties.class, DealProperties.Stall.class})
public class DealServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(DealServiceApplication.class, args);
    }

    /** The contract's stall rules with this deployment's thresholds; injected into the aggregate and the view. */
    @Bean
    StallPolicy stallPolicy(DealProperties.Stall stall) {
        return new StallPolicy(new StallThresholds(stall.inactivity(), stall.buyerMisses(), stall.closePushes()));
    }
}
