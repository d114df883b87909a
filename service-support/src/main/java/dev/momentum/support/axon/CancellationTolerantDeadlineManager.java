package dev.momentum.support.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import jakarta.annotation.Nonnull;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager whose cancellation never fails the command that cancels.
 *
 * <p>db-scheduler refuses to cancel a deadline it has picked: one that is running now, or that
 * was running in an instance that died (kill -9) until the dead execution is detected (about 40 s
 * with the services' db-scheduler.heartbeat-interval of 5 s and missed-heartbeats-limit of 6;
 * db-scheduler's own defaults took half an hour). Axon would fail the command (keep, miss, renegotiate, withdraw, a deal's stage
 * change, a commitment fact) with it. Here such a deadline, or one already gone, is left alone: it
 * fires late or not at all, and the aggregates' deadline handlers ignore a deadline that no longer
 * matches their state (the payload names the instant it was scheduled for).
 */
public class CancellationTolerantDeadlineManager extends DbSchedulerDeadlineManager {

    private static final Logger log = LoggerFactory.getLogger(CancellationTolerantDeadlineManager.class);

    private final Scheduler scheduler;

    public CancellationTolerantDeadlineManager(Builder builder, Scheduler scheduler) {
        super(builder.scheduler(scheduler));
        this.scheduler = scheduler;
    }

    @Override
    public void cancelSchedule(@Nonnull String deadlineName, @Nonnull String scheduleId) {
        runOnPrepareCommitOrNow(() -> cancel(deadlineName, scheduleId));
    }

    private void cancel(String deadlineName, String scheduleId) {
        try {
            scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
        } catch (TaskInstanceCurrentlyExecutingException e) {
            log.info("Deadline {} [{}] is running or was picked by an instance that stopped: not cancelled;"
                    + " it finds nothing to do when it fires", deadlineName, scheduleId);
        } catch (TaskInstanceException e) {
            log.debug("Deadline {} [{}] is gone or changed meanwhile: nothing to cancel ({})", deadlineName,
                    scheduleId, e.getMessage());
        }
    }
}
