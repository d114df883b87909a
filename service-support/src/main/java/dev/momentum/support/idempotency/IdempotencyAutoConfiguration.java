package dev.momentum.support.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.momentum.support.ApiProperties;
import dev.momentum.support.MomentumServiceAutoConfiguration;
import dev.momentum.support.tenant.CurrentTenant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code Idempotency-Key} for the services with a database (commitment, deal); each has the
 * {@code idempotency_keys} table in its own migrations. Expired keys are purged by a db-scheduler task (one
 * instance at a time).
 */
@AutoConfiguration(after = {MomentumServiceAutoConfiguration.class, DataSourceAutoConfiguration.class,
        FlywayAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "momentum.api.idempotency", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyAutoConfiguration.class);

    @Bean
    IdempotencyKeyStore idempotencyKeyStore(DataSource dataSource, IdempotencyProperties properties) {
        return new IdempotencyKeyStore(JdbcClient.create(dataSource), properties.retention(), properties.inProgressTimeout());
    }

    /** After security (the tenant is known), before {@code RequestSizeLimit}: it reads the body within the same limit. */
    @Bean
    FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(IdempotencyKeyStore store, CurrentTenant tenant,
            ObjectMapper json, ApiProperties api) {
        FilterRegistrationBean<IdempotencyKeyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyKeyFilter(store, tenant, json, api.maxRequestSize()));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class InOpenApi {
        @Bean
        IdempotencyKeysInOpenApi idempotencyKeysInOpenApi() {
            return new IdempotencyKeysInOpenApi();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.github.kagkarlsson.scheduler.task.helper.RecurringTask")
    static class Purge {
        @Bean
        RecurringTask<Void> idempotencyKeyPurge(IdempotencyKeyStore store, IdempotencyProperties properties) {
            return Tasks.recurring("idempotency-key-purge", FixedDelay.of(properties.purgeInterval()))
                    .execute((instance, context) -> {
                        int purged = store.purgeExpired();
                        if (purged > 0) {
                            log.info("purged {} expired idempotency keys", purged);
                        }
                    });
        }
    }
}
