package dev.momentum.localstack.junit;

import dev.momentum.localstack.Component;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the shared real components it names: they are started (once per
 * test JVM) before the class, and {@link dev.momentum.localstack.Postgres},
 * {@link dev.momentum.localstack.Kafka} and {@link dev.momentum.localstack.Elasticsearch} can be
 * injected as parameters. Spring tests read them in {@code @DynamicPropertySource} through
 * {@link TestStack}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalStackExtension.class)
public @interface LocalStackTest {

    Component[] value();
}
