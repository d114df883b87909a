package dev.momentum.support.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.contracts.journey.StallThresholds;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StallPolicyAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StallPolicyAutoConfiguration.class));

    @Test
    void withoutPropertiesThePolicyHasTheContractsDefaults() {
        runner.run(context -> assertThat(context.getBean(StallPolicy.class).thresholds())
                .isEqualTo(StallThresholds.defaults()));
    }

    @Test
    void eachPropertyChangesItsThresholdOnly() {
        runner.withPropertyValues("momentum.stall.inactivity=P7D", "momentum.stall.buyer-misses=3")
                .run(context -> assertThat(context.getBean(StallPolicy.class).thresholds())
                        .isEqualTo(new StallThresholds(Duration.ofDays(7), 3, StallThresholds.DEFAULT_CLOSE_PUSHES)));
    }

    @Test
    void anImpossibleThresholdStopsTheStartWithTheReason() {
        runner.withPropertyValues("momentum.stall.close-pushes=0")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("closePushes must be at least 1"));
    }
}
