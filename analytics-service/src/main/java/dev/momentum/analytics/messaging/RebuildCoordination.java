package dev.momentum.analytics.messaging;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.projection.Projector;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps every analytics instance's live projection out of the indices while any one of them rebuilds them: the
 * indices a rebuild replaces are deleted when it switches the aliases, so an event another instance projected
 * into them meanwhile would vanish.
 *
 * <p>The instances meet in a small Elasticsearch index, {@code <prefix>-coordination}: each writes a heartbeat
 * document every {@code momentum.analytics.coordination.heartbeat-interval}, saying whether it has paused for a
 * rebuild; a rebuild is one {@code rebuild} document (created only if absent: one rebuild at a time across the
 * instances). Every instance's watcher pauses its listener when that document appears and says so in its
 * heartbeat; the rebuilding instance starts replaying only once every instance with a fresh heartbeat said so,
 * and checks it again just before switching the aliases. The listener also reads the document (a real-time GET)
 * before writing each batch, so an instance that started after the rebuild began never writes into the old
 * indices. The rebuilding instance renews the document with its heartbeat; one not renewed within
 * {@code instance-timeout} (its instance died) is removed by the others, who resume.
 */
@Component
public class RebuildCoordination implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RebuildCoordination.class);
    private static final String REBUILD = "rebuild";
    private static final String STATUS = "rebuild-status";
    private static final String INSTANCE = "instance";

    /** A rebuild some instance is running. */
    public record Request(String rebuildId, String instanceId, long renewedAt, long seqNo, long primaryTerm) {
    }

    /** A rebuild runs: the live projection must not write now (the batch is retried later). */
    public static class RebuildRunningException extends Projector.TransientIndexingException {
        public RebuildRunningException(String message) {
            super(message, null);
        }
    }

    private final ElasticsearchClient client;
    private final LiveProjection live;
    private final String index;
    private final Duration heartbeatInterval;
    private final Duration instanceTimeout;
    private final String instanceId;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "analytics-rebuild-watcher");
        thread.setDaemon(true);
        return thread;
    });
    /** The rebuild this instance paused its listener for (and holds the maintenance permit for), if any. */
    private volatile String pausedFor;
    private volatile boolean holdsMaintenance;

    public RebuildCoordination(ElasticsearchClient client, LiveProjection live, AnalyticsProperties properties) {
        this.client = client;
        this.live = live;
        this.index = properties.indexPrefix() + "-coordination";
        this.heartbeatInterval = properties.coordination().heartbeatInterval();
        this.instanceTimeout = properties.coordination().instanceTimeout();
        this.instanceId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        ensureIndex();
        // before the listener starts: a rebuild that begins from now on waits for this instance
        heartbeat();
        long period = heartbeatInterval.toMillis();
        watcher.scheduleWithFixedDelay(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Announces a rebuild to every instance.
     *
     * @throws LiveProjection.BusyException if another instance is rebuilding
     */
    public void request(String rebuildId) {
        Map<String, Object> document = new HashMap<>();
        document.put("kind", REBUILD);
        document.put("rebuildId", rebuildId);
        document.put("instanceId", instanceId);
        document.put("renewedAt", System.currentTimeMillis());
        try {
            client.create(c -> c.index(index).id(REBUILD).document(document).refresh(Refresh.True));
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                throw anotherRebuild();
            }
            throw e;
        } catch (ResponseException e) {
            // the client answers only 400-405 as error bodies: the conflict of a create arrives as the low-level
            // client's exception (without this, a rebuild asked while another instance's runs answered 503)
            if (e.getResponse().getStatusLine().getStatusCode() == 409) {
                throw anotherRebuild();
            }
            throw new Projector.TransientIndexingException("Elasticsearch refused the rebuild document", e);
        } catch (IOException e) {
            throw new Projector.TransientIndexingException("Elasticsearch did not answer", e);
        }
    }

    private LiveProjection.BusyException anotherRebuild() {
        Request running = current();
        return new LiveProjection.BusyException("cannot start a rebuild: instance "
                + (running == null ? "?" : running.instanceId()) + " is rebuilding");
    }

    /**
     * Waits until every live instance paused its listener for this rebuild.
     *
     * @throws IllegalStateException if they did not within {@code timeout}
     */
    public void awaitAllPaused(String rebuildId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> waitingFor = notPaused(rebuildId);
            if (waitingFor.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("instances " + waitingFor + " did not pause their live projection for"
                        + " rebuild " + rebuildId + " within " + timeout);
            }
            Thread.sleep(Math.max(50, heartbeatInterval.toMillis() / 4));
        }
    }

    /**
     * Just before the alias switch: the rebuild is still this instance's and every live instance is still paused
     * for it (none started writing since).
     */
    public void requireAllPaused(String rebuildId) {
        Request request = current();
        if (request == null || !request.rebuildId().equals(rebuildId)) {
            throw new IllegalStateException("rebuild " + rebuildId + " lost its coordination document (lease expired?)");
        }
        Set<String> waitingFor = notPaused(rebuildId);
        if (!waitingFor.isEmpty()) {
            throw new IllegalStateException("instances " + waitingFor + " are not paused for rebuild " + rebuildId);
        }
    }

    /** Ends the rebuild for every instance: each resumes its listener. */
    public void release(String rebuildId) {
        Request request = current();
        if (request != null && request.rebuildId().equals(rebuildId)) {
            try {
                client.delete(d -> d.index(index).id(REBUILD).ifSeqNo(request.seqNo()).ifPrimaryTerm(request.primaryTerm())
                        .refresh(Refresh.True));
            } catch (IOException | ElasticsearchException e) {
                log.warn("could not remove the coordination document of rebuild {}: {} (it expires)", rebuildId,
                        e.getMessage());
            }
        }
        watch();
    }

    /** Called by the live projection before each batch. */
    public void requireNoRebuild() {
        Request request = current();
        if (request != null && !abandoned(request)) {
            throw new RebuildRunningException("rebuild " + request.rebuildId() + " by " + request.instanceId()
                    + " is running: the live projection waits");
        }
    }

    /** Publishes the state of the last rebuild, for every instance to answer {@code GET .../rebuild}. */
    public void publishStatus(Map<String, Object> status) {
        Map<String, Object> document = new HashMap<>();
        document.put("kind", STATUS);
        document.put("status", status);
        try {
            client.index(i -> i.index(index).id(STATUS).document(document).refresh(Refresh.True));
        } catch (IOException | ElasticsearchException e) {
            log.warn("could not publish the rebuild status: {}", e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> publishedStatus() {
        try {
            GetResponse<Map> response = client.get(g -> g.index(index).id(STATUS), Map.class);
            return response.found() ? (Map<String, Object>) response.source().get("status") : null;
        } catch (IOException | ElasticsearchException e) {
            return null;
        }
    }

    /** Every heartbeat: follow the rebuild document, renew one's own, say whether the listener is paused. */
    private synchronized void watch() {
        try {
            Request request = current();
            if (request != null && abandoned(request)) {
                Request expired = request;
                log.warn("rebuild {} of instance {} was not renewed for {}: removing it", expired.rebuildId(),
                        expired.instanceId(), instanceTimeout);
                client.delete(d -> d.index(index).id(REBUILD).ifSeqNo(expired.seqNo()).ifPrimaryTerm(expired.primaryTerm())
                        .refresh(Refresh.True));
                request = null;
            }
            if (request != null && request.instanceId().equals(instanceId)) {
                Request renewing = request;
                Map<String, Object> document = new HashMap<>();
                document.put("kind", REBUILD);
                document.put("rebuildId", renewing.rebuildId());
                document.put("instanceId", instanceId);
                document.put("renewedAt", System.currentTimeMillis());
                client.index(i -> i.index(index).id(REBUILD).document(document).ifSeqNo(renewing.seqNo())
                        .ifPrimaryTerm(renewing.primaryTerm()).refresh(Refresh.True));
            }
            if (request != null) {
                pauseFor(request);
            } else {
                resume();
            }
            heartbeat();
        } catch (Exception e) {
            log.warn("rebuild coordination: {}", e.toString());
        }
    }

    private void pauseFor(Request request) {
        if (request.rebuildId().equals(pausedFor)) {
            return;
        }
        if (!request.instanceId().equals(instanceId) && !holdsMaintenance) {
            // a replay of dead letters here first finishes (it cannot write during the rebuild anyway)
            try {
                live.begin("a pause for another instance's rebuild");
                holdsMaintenance = true;
            } catch (LiveProjection.BusyException busy) {
                return;
            }
        }
        live.requestPause();
        if (live.isPaused()) {
            pausedFor = request.rebuildId();
            log.info("live projection paused for rebuild {} of instance {}", request.rebuildId(), request.instanceId());
        }
    }

    private void resume() {
        if (pausedFor == null && !holdsMaintenance) {
            return;
        }
        live.resume();
        if (holdsMaintenance) {
            holdsMaintenance = false;
            live.end();
        }
        log.info("live projection resumed after rebuild {}", pausedFor);
        pausedFor = null;
    }

    private void heartbeat() {
        Map<String, Object> document = new HashMap<>();
        document.put("kind", INSTANCE);
        document.put("instanceId", instanceId);
        document.put("heartbeatAt", System.currentTimeMillis());
        document.put("pausedFor", pausedFor);
        try {
            client.index(i -> i.index(index).id(INSTANCE + "-" + instanceId).document(document).refresh(Refresh.True));
        } catch (IOException | ElasticsearchException e) {
            log.warn("could not write the heartbeat of instance {}: {}", instanceId, e.getMessage());
        }
    }

    /** The instances with a fresh heartbeat that have not paused for this rebuild. */
    private Set<String> notPaused(String rebuildId) {
        long freshSince = System.currentTimeMillis() - instanceTimeout.toMillis();
        try {
            List<Hit<Map>> hits = client.search(s -> s.index(index).size(1000)
                    .query(q -> q.term(t -> t.field("kind").value(INSTANCE))), Map.class).hits().hits();
            return hits.stream().map(Hit::source)
                    .filter(doc -> ((Number) doc.get("heartbeatAt")).longValue() >= freshSince)
                    .filter(doc -> !rebuildId.equals(doc.get("pausedFor")))
                    .map(doc -> String.valueOf(doc.get("instanceId")))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new Projector.TransientIndexingException("Elasticsearch did not answer", e);
        }
    }

    private Request current() {
        try {
            GetResponse<Map> response = client.get(g -> g.index(index).id(REBUILD), Map.class);
            if (!response.found()) {
                return null;
            }
            Map<?, ?> doc = response.source();
            return new Request(String.valueOf(doc.get("rebuildId")), String.valueOf(doc.get("instanceId")),
                    ((Number) doc.get("renewedAt")).longValue(), response.seqNo(), response.primaryTerm());
        } catch (IOException e) {
            throw new Projector.TransientIndexingException("Elasticsearch did not answer a read of " + index, e);
        } catch (ElasticsearchException e) {
            throw new Projector.TransientIndexingException("Elasticsearch refused a read of " + index, e);
        }
    }

    private boolean abandoned(Request request) {
        return request.renewedAt() < System.currentTimeMillis() - instanceTimeout.toMillis();
    }

    private void ensureIndex() {
        try {
            if (client.indices().exists(e -> e.index(index)).value()) {
                return;
            }
            client.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.False)
                            .properties("kind", p -> p.keyword(k -> k))
                            .properties("instanceId", p -> p.keyword(k -> k))
                            .properties("rebuildId", p -> p.keyword(k -> k))
                            .properties("pausedFor", p -> p.keyword(k -> k))
                            .properties("heartbeatAt", p -> p.long_(l -> l))
                            .properties("renewedAt", p -> p.long_(l -> l))));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "analytics";
        }
    }

    @Override
    public void destroy() {
        watcher.shutdownNow();
        try {
            client.delete(d -> d.index(index).id(INSTANCE + "-" + instanceId));
        } catch (IOException | ElasticsearchException e) {
            // its heartbeat goes stale anyway
        }
    }
}
