package dev.momentum.support.axon;

import dev.momentum.support.web.ConcurrentChanges;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches a command again, after a short random pause, when it lost a race with a concurrent
 * command on the same aggregate ({@link ConcurrentChanges}); other failures are final. The retry
 * loads the aggregate with the other command's events, so it answers what it would have answered
 * had it come second: the same create twice is "unchanged", keep against withdraw is a rule
 * violation (409). When every retry loses too, the caller gets the conflict (409).
 */
public class ConcurrentChangeRetryScheduler implements RetryScheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConcurrentChangeRetryScheduler.class);

    private final int maxRetries;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "command-retry-timer"));
    private final ExecutorService dispatcher = Executors.newCachedThreadPool(
            runnable -> daemon(runnable, "command-retry"));

    public ConcurrentChangeRetryScheduler(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (failures.size() > maxRetries || !ConcurrentChanges.isConflict(lastFailure)) {
            return false;
        }
        long pauseMillis = ThreadLocalRandom.current().nextLong(5, 50) * failures.size();
        log.debug("{} lost a race with a concurrent change ({}); retry {} of {} in {} ms",
                commandMessage.getCommandName(), lastFailure.toString(), failures.size(), maxRetries, pauseMillis);
        timer.schedule(() -> dispatcher.execute(commandDispatch), pauseMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        dispatcher.shutdown();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
