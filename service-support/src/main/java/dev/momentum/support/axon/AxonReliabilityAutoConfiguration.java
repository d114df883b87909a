package dev.momentum.support.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * For the event-sourced services: commands that lost a race with a concurrent command are retried
 * ({@link ConcurrentChangeRetryScheduler}), and cancelling a persistent deadline never fails a
 * command ({@link CancellationTolerantDeadlineManager}).
 */
@AutoConfiguration(
        beforeName = {"org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration"},
        afterName = "com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration")
@ConditionalOnClass(name = "org.axonframework.commandhandling.gateway.CommandGateway")
public class AxonReliabilityAutoConfiguration {

    /** How often a command that lost a race is dispatched again before the conflict is answered. */
    static final int CONFLICT_RETRIES = 3;

    @Bean
    @ConditionalOnMissingBean
    ConcurrentChangeRetryScheduler concurrentChangeRetryScheduler() {
        return new ConcurrentChangeRetryScheduler(CONFLICT_RETRIES);
    }

    @Bean
    @ConditionalOnMissingBean
    CommandGateway commandGateway(CommandBus commandBus, ConcurrentChangeRetryScheduler retryScheduler) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(retryScheduler).build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"com.github.kagkarlsson.scheduler.Scheduler",
            "org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager"})
    @ConditionalOnBean(Scheduler.class)
    static class Deadlines {

        /** The same settings as Axon's own auto-configuration, with a cancellation that never fails. */
        @Bean
        @ConditionalOnMissingBean(DeadlineManager.class)
        DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, org.axonframework.config.Configuration configuration,
                                                   @Qualifier("eventSerializer") Serializer serializer,
                                                   TransactionManager transactionManager,
                                                   DeadlineManagerSpanFactory spanFactory) {
            return new CancellationTolerantDeadlineManager(DbSchedulerDeadlineManager.builder()
                    .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                    .serializer(serializer)
                    .transactionManager(transactionManager)
                    .spanFactory(spanFactory)
                    .startScheduler(false)
                    .stopScheduler(false), scheduler);
        }
    }
}
