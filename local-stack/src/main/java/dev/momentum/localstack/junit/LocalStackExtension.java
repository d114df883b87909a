package dev.momentum.localstack.junit;

import dev.momentum.localstack.Component;
import dev.momentum.localstack.Elasticsearch;
import dev.momentum.localstack.Kafka;
import dev.momentum.localstack.Postgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** Starts the components a {@link LocalStackTest} names and injects them. */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LocalStackTest.class)
                .ifPresent(annotation -> {
                    for (Component component : annotation.value()) {
                        TestStack.start(component);
                    }
                });
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Postgres.class || type == Kafka.class || type == Elasticsearch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Postgres.class) {
            return TestStack.postgres();
        }
        if (type == Kafka.class) {
            return TestStack.kafka();
        }
        return TestStack.elasticsearch();
    }
}
