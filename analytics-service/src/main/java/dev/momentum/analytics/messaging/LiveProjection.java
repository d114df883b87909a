package dev.momentum.analytics.messaging;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The live projection's listener as maintenance (a rebuild, a replay of dead letters) sees it: one
 * maintenance at a time, each with the listener paused, so that no two writers recompute the same deal
 * from different sets of facts.
 */
@Component
public class LiveProjection {

    private final KafkaListenerEndpointRegistry registry;
    private final Semaphore maintenance = new Semaphore(1);

    public LiveProjection(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    /** Another maintenance is running. */
    public static class BusyException extends RuntimeException {
        public BusyException(String message) {
            super(message);
        }
    }

    /** Starts a maintenance unless one runs; {@link #end()} it in a finally block. */
    public void begin(String what) {
        if (!maintenance.tryAcquire()) {
            throw new BusyException("cannot start " + what + ": a rebuild or a replay of dead letters is running");
        }
    }

    public void end() {
        maintenance.release();
    }

    /** Pauses the listener and waits until it no longer processes a batch. */
    public void pause() throws InterruptedException {
        MessageListenerContainer live = container();
        if (live == null || !live.isRunning()) {
            return;
        }
        live.pause();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!live.isPauseRequested() || !live.isContainerPaused()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the live projection did not pause within 2 minutes");
            }
            Thread.sleep(50);
        }
    }

    /** Asks the listener to pause after its current batch, without waiting; see {@link #isPaused()}. */
    public void requestPause() {
        MessageListenerContainer live = container();
        if (live != null && live.isRunning()) {
            live.pause();
        }
    }

    /** The listener processes no batch and will not until resumed (or it does not run at all). */
    public boolean isPaused() {
        MessageListenerContainer live = container();
        return live == null || !live.isRunning() || (live.isPauseRequested() && live.isContainerPaused());
    }

    public void resume() {
        MessageListenerContainer live = container();
        if (live != null) {
            live.resume();
        }
    }

    private MessageListenerContainer container() {
        return registry.getListenerContainer(ProjectionListener.ID);
    }
}
