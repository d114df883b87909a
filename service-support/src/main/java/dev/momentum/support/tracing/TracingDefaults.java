package dev.momentum.support.tracing;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Momentum's tracing defaults, below every other source (any property, file or variable overrides them):
 * every trace sampled (Boot's default is 10 %): at Momentum's volumes the cost is small, and a trace an
 * operator looks for is then always complete. Nothing is exported unless {@code management.otlp.tracing.endpoint}
 * is set.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("momentumTracingDefaults",
                Map.of("management.tracing.sampling.probability", "1.0")));
    }
}
