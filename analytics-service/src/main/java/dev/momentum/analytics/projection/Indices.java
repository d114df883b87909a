package dev.momentum.analytics.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.momentum.analytics.config.AnalyticsProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.document.Document;
import org.springframework.data.elasticsearch.core.index.AliasAction;
import org.springframework.data.elasticsearch.core.index.AliasActionParameters;
import org.springframework.data.elasticsearch.core.index.AliasActions;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;
import org.springframework.stereotype.Component;

/**
 * The five indices, each behind an alias ({@code <prefix>-facts|deals|visits|commitments|ledger}) over an index
 * of the projection's current format ({@code <alias>-v2-<timestamp>}) created with an explicit mapping and 0
 * replicas. A rebuild creates a new generation and switches all aliases in one {@code _aliases} request.
 *
 * <p>Elasticsearch refreshes the live indices (all but the ledgers and the facts, never searched) every
 * {@code momentum.analytics.refresh-interval}; a new generation is not refreshed while a rebuild fills it, then once
 * before the switch. Indices of an older format (written by an older version of this service) are
 * {@link #outdated()}: the projection must not write into them until a rebuild replaced them.
 */
@Component
public class Indices {

    /**
     * {@link #LEDGER}: one document a deal ({@code _id} = deal key) holding all its facts, read by id in real time:
     * what the projection recomputes a deal from.
     */
    public enum Kind { FACTS, DEALS, VISITS, COMMITMENTS, LEDGER }

    /** In the name of every index: a generation of another format was written by another version of the projection. */
    static final String FORMAT = "v2";

    /** The concrete index of each kind one generation writes to. */
    public record Generation(Map<Kind, String> names) {
        public String of(Kind kind) {
            return names.get(kind);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Indices.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
    private static final String DATE = "{\"type\":\"date\"}";
    private static final String KEYWORD = "{\"type\":\"keyword\"}";

    private final ElasticsearchOperations operations;
    private final ElasticsearchClient client;
    private final String prefix;
    private final Clock clock;
    private final Generation aliases;
    private final String refreshInterval;
    /** Null until checked (again after a switch). */
    private volatile Boolean outdated;

    public Indices(ElasticsearchOperations operations, ElasticsearchClient client, AnalyticsProperties properties, Clock clock) {
        this.operations = operations;
        this.client = client;
        this.prefix = properties.indexPrefix();
        this.clock = clock;
        this.refreshInterval = properties.refreshInterval().toMillis() + "ms";
        Map<Kind, String> names = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            names.put(kind, alias(kind));
        }
        this.aliases = new Generation(names);
        ensureExists();
    }

    public String alias(Kind kind) {
        return prefix + "-" + kind.name().toLowerCase();
    }

    /** Writing through the aliases: the live projection. */
    public Generation live() {
        return aliases;
    }

    /**
     * Creates a first generation unless the aliases exist; if they do, gives the live indices the configured refresh
     * interval, or finds them {@link #outdated()}.
     */
    private void ensureExists() {
        if (!indicesOf(alias(Kind.FACTS)).isEmpty()) {
            if (outdated()) {
                log.warn("the indices behind {}-* were written by an older version of the projection: a rebuild must "
                        + "replace them before the live projection writes again", prefix);
            } else {
                for (Kind kind : Kind.values()) {
                    putRefreshInterval(alias(kind), liveRefreshInterval(kind));
                }
            }
            return;
        }
        Generation first = createGeneration();
        switchTo(first);
        log.info("created indices {}", first.names().values());
    }

    /**
     * Whether the live indices are of another format than this version writes (or some are missing): checked again
     * while they are, so an instance sees the switch to a rebuilt generation, whichever instance made it.
     */
    public boolean outdated() {
        if (Boolean.FALSE.equals(outdated)) {
            return false;
        }
        boolean current = true;
        for (Kind kind : Kind.values()) {
            Set<String> names = indicesOf(alias(kind));
            current &= names.size() == 1 && names.iterator().next().startsWith(alias(kind) + "-" + FORMAT + "-");
        }
        outdated = !current;
        return !current;
    }

    public Generation createGeneration() {
        String stamp = STAMP.format(clock.instant()) + "-" + Long.toHexString(System.nanoTime() & 0xffff);
        Map<Kind, String> names = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            String name = alias(kind) + "-" + FORMAT + "-" + stamp;
            operations.indexOps(IndexCoordinates.of(name)).create(
                    Map.of("index.number_of_shards", 1, "index.number_of_replicas", 0, "index.refresh_interval", "-1",
                            "index.max_result_window", 10000),
                    Document.parse(mapping(kind)));
            names.put(kind, name);
        }
        return new Generation(names);
    }

    /**
     * Refreshes {@code next} and gives it the live refresh interval, points every alias at it atomically, then deletes
     * the indices they pointed to before.
     */
    public void switchTo(Generation next) {
        next.names().forEach((kind, index) -> {
            refresh(index);
            putRefreshInterval(index, liveRefreshInterval(kind));
        });
        List<String> old = new ArrayList<>();
        List<AliasAction> actions = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            String alias = alias(kind);
            Set<String> current = indicesOf(alias);
            old.addAll(current);
            if (!current.isEmpty()) {
                actions.add(new AliasAction.Remove(AliasActionParameters.builder()
                        .withIndices(current.toArray(String[]::new)).withAliases(alias).build()));
            }
            actions.add(new AliasAction.Add(AliasActionParameters.builder()
                    .withIndices(next.of(kind)).withAliases(alias).withIsWriteIndex(true).build()));
        }
        operations.indexOps(IndexCoordinates.of(next.of(Kind.FACTS))).alias(new AliasActions(actions.toArray(AliasAction[]::new)));
        for (String index : old) {
            operations.indexOps(IndexCoordinates.of(index)).delete();
        }
        outdated = null;
    }

    /**
     * The ledgers and the facts are never searched (a deal's facts are read from its ledger, by id in real time,
     * which sees every write without a refresh), so Elasticsearch does not refresh them on a schedule.
     */
    private String liveRefreshInterval(Kind kind) {
        return kind == Kind.LEDGER || kind == Kind.FACTS ? "-1" : refreshInterval;
    }

    private void putRefreshInterval(String index, String interval) {
        try {
            client.indices().putSettings(r -> r.index(index).settings(s -> s.refreshInterval(t -> t.time(interval))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(Generation generation) {
        for (String index : generation.names().values()) {
            operations.indexOps(IndexCoordinates.of(index)).delete();
        }
    }

    public Set<String> indicesOf(String alias) {
        try {
            if (!client.indices().existsAlias(r -> r.name(alias)).value()) {
                return Set.of();
            }
            return client.indices().getAlias(r -> r.name(alias)).result().keySet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void refresh(String... indices) {
        for (String index : indices) {
            operations.indexOps(IndexCoordinates.of(index)).refresh();
        }
    }

    private static String mapping(Kind kind) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (kind) {
            case FACTS -> {
                keywords(p, "factId", "tenantId", "dealId", "dealKey", "ceType", "subject");
                p.put("sequence", "{\"type\":\"long\"}");
                p.put("occurredAt", DATE);
                p.put("recordedAt", DATE);
                p.put("payload", "{\"type\":\"keyword\",\"index\":false,\"doc_values\":false}");
            }
            case DEALS -> {
                keywords(p, "tenantId", "dealId", "dealKey", "name", "account", "segment", "owner", "currency", "pipeline",
                        "stages", "stage", "outcome", "currentMissedKeys", "stallReasons");
                p.put("amount", "{\"type\":\"double\"}");
                p.put("open", "{\"type\":\"boolean\"}");
                p.put("currentVisitIndex", "{\"type\":\"integer\"}");
                p.put("expectedCloseOn", DATE);
                p.put("openedAt", DATE);
                p.put("closedAt", DATE);
                p.put("currentVisitEntryAt", DATE);
                p.put("stallStartAt", DATE);
            }
            case VISITS -> {
                keywords(p, "tenantId", "dealId", "dealKey", "pipeline", "segment", "owner", "stage", "exit",
                        "stallReasons", "missedKeys");
                p.put("visitIndex", "{\"type\":\"integer\"}");
                p.put("stageIndex", "{\"type\":\"integer\"}");
                p.put("entryAt", DATE);
                p.put("exitAt", DATE);
                p.put("stallStartAt", DATE);
                p.put("dwellDays", "{\"type\":\"double\"}");
            }
            case COMMITMENTS -> {
                keywords(p, "tenantId", "dealId", "dealKey", "commitmentId", "category", "direction", "madeByParty",
                        "madeByRole", "madeByName", "madeToParty", "madeToRole", "madeToName", "status", "madeInStage",
                        "pipeline", "segment", "owner");
                p.put("buyer", "{\"type\":\"boolean\"}");
                p.put("description", "{\"type\":\"text\"}");
                p.put("madeAt", DATE);
                p.put("dueAt", DATE);
                p.put("keptAt", DATE);
                p.put("firstMissedAt", DATE);
                p.put("withdrawnAt", DATE);
                p.put("renegotiations", "{\"type\":\"integer\"}");
                p.put("lastSequence", "{\"type\":\"long\"}");
                p.put("madeInVisit", "{\"type\":\"integer\"}");
            }
            case LEDGER -> {
                keywords(p, "dealKey");
                p.put("factCount", "{\"type\":\"integer\"}");
                // read whole by id, never searched
                p.put("facts", "{\"type\":\"object\",\"enabled\":false}");
            }
        }
        StringBuilder json = new StringBuilder("{\"dynamic\":\"strict\",\"properties\":{");
        p.forEach((field, type) -> json.append('"').append(field).append("\":").append(type).append(','));
        json.setLength(json.length() - 1);
        return json.append("}}").toString();
    }

    private static void keywords(Map<String, String> properties, String... fields) {
        for (String field : fields) {
            properties.put(field, KEYWORD);
        }
    }
}
