package dev.momentum.analytics.messaging;

import dev.momentum.analytics.projection.Indices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Indices written by an older version of the projection (another format, e.g. without the deals' ledgers) are never
 * written by this one: the instance that finds them at start-up starts a rebuild from the topics, which keep every
 * event. Queries answer from the old indices until the rebuild switches them; the live projection waits for it.
 */
@Component
class ProjectionUpgrade {

    private static final Logger log = LoggerFactory.getLogger(ProjectionUpgrade.class);

    private final Indices indices;
    private final Rebuilder rebuilder;

    ProjectionUpgrade(Indices indices, Rebuilder rebuilder) {
        this.indices = indices;
        this.rebuilder = rebuilder;
    }

    @EventListener(ApplicationReadyEvent.class)
    void rebuildOutdatedIndices() {
        if (!indices.outdated()) {
            return;
        }
        try {
            Rebuilder.Status started = rebuilder.start();
            log.warn("the indices were written by an older version of the projection: rebuild {} replaces them",
                    started.id());
        } catch (RuntimeException e) {
            log.warn("the indices were written by an older version of the projection, and this instance did not start "
                    + "the rebuild that replaces them ({}); the live projection waits until one has run (any instance, or "
                    + "POST /api/v1/admin/projections/rebuild)", e.getMessage());
        }
    }
}
