package dev.momentum.analytics.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.config.AnalyticsConfiguration;
import dev.momentum.analytics.config.AnalyticsProperties;
import dev.momentum.analytics.projection.Indices.Generation;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.contracts.journey.StallPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes facts and recomputes the derived documents of the deals they touch, always from all of a deal's
 * facts (so derived documents are a function of the set of facts), and writes those that changed: a deal's
 * documents are derived from its ledger before and after the batch's facts, and only the differing ones are
 * written (all of them when the batch had reached the ledger before: a retry or a redelivery, perhaps after a
 * crash between ledger and documents). A deal's facts are read from its
 * {@link DealLedger} (one document a deal, read by id in real time), never searched: the projection neither waits
 * for nor forces a refresh; queries see its writes within {@code momentum.analytics.refresh-interval}. A method
 * returns once Elasticsearch acknowledged every write, so the caller may then commit the Kafka offsets.
 *
 * <p>Failures are told apart so that one bad event never stops the projection, and no event is ever
 * skipped for a failure that passes:
 * <ul>
 *   <li><b>Transient</b> (Elasticsearch down or overloaded: I/O errors, 429, 5xx, any item status but
 *       400): {@link TransientIndexingException} is thrown and the caller retries the whole batch, which
 *       is idempotent.</li>
 *   <li><b>Permanent</b> (Elasticsearch answers 400 for a document, e.g. a mapping error such as an amount
 *       that is an infinite double; or a derived document cannot even be built or written as JSON): the
 *       fact responsible is found and {@link Rejection rejected}, the rest is projected. For a fact document
 *       that is the fact itself. For a derived document, the deal's suspect facts (those of the batch) are
 *       taken out of its ledger and put back one at a time, recomputing the deal after each: the one after which
 *       the deal can no longer be written is rejected and removed from the facts index and the ledger. The caller
 *       dead-letters the rejected facts.</li>
 * </ul>
 *
 * <p>Several writers may project the same deal at once (two instances during a partition hand-over, a replay of
 * dead letters beside the live listener). A ledger is only ever replaced by the writer that read it
 * ({@code if_seq_no}): a writer that lost the race reads it again and adds its facts to what the other wrote. Every
 * derived document is written with the ledger's {@code _version} as external version, so the last write cannot be
 * a stale one: a write computed from an older ledger is refused by Elasticsearch (409) and skipped, since the
 * writer of the newer ledger has written, or will write, the newer document.
 */
@Component
public class Projector {

    /** Elasticsearch answered 400 for a document of the fact (a mapping error, an id too long, ...). */
    public static final String REJECTED_BY_ELASTICSEARCH = "REJECTED_BY_ELASTICSEARCH";
    /** A document of the fact cannot even be built or written as JSON. */
    public static final String UNPROJECTABLE = "UNPROJECTABLE";
    /** With the fact, its deal's ledger would exceed {@code momentum.analytics.max-ledger-size}. */
    public static final String LEDGER_TOO_LARGE = "LEDGER_TOO_LARGE";

    /**
     * A fact that can never be projected, and why.
     *
     * @param code {@link #REJECTED_BY_ELASTICSEARCH}, {@link #UNPROJECTABLE} or {@link #LEDGER_TOO_LARGE}
     */
    public record Rejection(String factId, String dealKey, String code, String reason) {
    }

    private record Refusal(String code, String reason) {
    }

    /**
     * A deal's ledger as read or written: its facts, ordered by id, and where the stored document stands
     * ({@code seqNo} &lt; 0: none is stored).
     */
    record Ledger(String dealKey, List<FactDoc> facts, long seqNo, long primaryTerm, long version) {
        static Ledger absent(String dealKey) {
            return new Ledger(dealKey, List.of(), -1, 0, 0);
        }

        boolean stored() {
            return seqNo >= 0;
        }

        /** These facts, to be written over this ledger. */
        Ledger with(Collection<FactDoc> next) {
            Map<String, FactDoc> byId = new TreeMap<>();
            next.forEach(f -> byId.putIfAbsent(f.factId(), f));
            return new Ledger(dealKey, List.copyOf(byId.values()), seqNo, primaryTerm, version);
        }

        /** This ledger's facts and the new ones (a fact already there is kept as it is: a redelivery). */
        Ledger plus(Collection<FactDoc> added) {
            List<FactDoc> all = new ArrayList<>(facts);
            all.addAll(added);
            return with(all);
        }

        Ledger minus(Set<String> factIds) {
            return with(facts.stream().filter(f -> !factIds.contains(f.factId())).toList());
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    private static final int DEALS_PER_READ = 250;
    /** How often a batch reads and writes again the ledgers other writers changed meanwhile before it is retried. */
    private static final int LEDGER_ATTEMPTS = 10;
    private static final ObjectMapper JSON = AnalyticsConfiguration.documentMapper();
    private static final long MAX_BULK_BYTES = 16L * 1024 * 1024;

    private final ElasticsearchClient client;
    private final JourneyBuilder builder;
    private final long maxLedgerBytes;

    public Projector(ElasticsearchClient client, StallPolicy policy, AnalyticsProperties properties) {
        this.client = client;
        this.builder = new JourneyBuilder(policy);
        this.maxLedgerBytes = properties.maxLedgerSize().toBytes();
    }

    /**
     * Facts, their deals' ledgers, then the documents derived from them.
     *
     * @return the facts that can never be projected (not in the facts index, not in any derived document)
     * @throws TransientIndexingException when Elasticsearch cannot take them now: retry
     */
    public List<Rejection> project(Collection<FactDoc> facts, Generation target) {
        if (facts.isEmpty()) {
            return List.of();
        }
        List<Rejection> rejections = new ArrayList<>();
        Map<String, List<FactDoc>> suspects = byDeal(writeFactDocs(facts, target, rejections));
        Map<String, Ledger> before = new LinkedHashMap<>();
        Map<String, Ledger> ledgers = append(suspects, target, rejections, before);
        Map<String, DealAttempt> poisoned = recomputeDeals(ledgers.values(), before, target);
        poisoned.forEach((dealKey, attempt) ->
                isolate(ledgers.get(dealKey), suspects.get(dealKey), attempt, target, rejections));
        return rejections;
    }

    /**
     * Writes facts ({@code _id} = {@code ce_id}) and adds them to their deals' ledgers, without recomputing the
     * deals (a rebuild recomputes each deal once, at the end: {@link #recompute}).
     *
     * @param rejections gets the facts Elasticsearch refused for good
     * @return the facts written
     */
    public List<FactDoc> writeFacts(Collection<FactDoc> facts, Generation target, List<Rejection> rejections) {
        Map<String, Ledger> ledgers = append(byDeal(writeFactDocs(facts, target, rejections)), target, rejections,
                new LinkedHashMap<>());
        Set<String> rejected = rejections.stream().map(Rejection::factId).collect(Collectors.toSet());
        return facts.stream().filter(f -> ledgers.containsKey(f.dealKey()) && !rejected.contains(f.factId())).toList();
    }

    /**
     * Recomputes every document derived from the ledgers of these deals. A deal whose documents cannot be written
     * is recomputed without each of its facts in turn, as {@link #project} does for a batch's facts: here every
     * fact of the deal is a suspect (a rebuild).
     *
     * @return the facts that can never be projected, removed from the facts index and the ledger
     */
    public List<Rejection> recompute(Set<String> dealKeys, Generation target) {
        List<Rejection> rejections = new ArrayList<>();
        List<String> keys = new ArrayList<>(dealKeys);
        for (int from = 0; from < keys.size(); from += DEALS_PER_READ) {
            Map<String, Ledger> ledgers = ledgers(keys.subList(from, Math.min(keys.size(), from + DEALS_PER_READ)),
                    target.of(Kind.LEDGER));
            recomputeDeals(ledgers.values(), Map.of(), target).forEach((dealKey, attempt) ->
                    isolate(ledgers.get(dealKey), ledgers.get(dealKey).facts(), attempt, target, rejections));
        }
        return rejections;
    }

    private static Map<String, List<FactDoc>> byDeal(Collection<FactDoc> facts) {
        return facts.stream().collect(Collectors.groupingBy(FactDoc::dealKey, LinkedHashMap::new, Collectors.toList()));
    }

    /** Bulk-writes fact documents; returns those written, each once. */
    private List<FactDoc> writeFactDocs(Collection<FactDoc> facts, Generation target, List<Rejection> rejections) {
        Map<String, FactDoc> unique = new LinkedHashMap<>();
        facts.forEach(f -> unique.put(f.factId(), f));
        List<Doc> docs = new ArrayList<>();
        Set<String> unwritable = new HashSet<>();
        for (FactDoc fact : unique.values()) {
            try {
                docs.add(doc(target.of(Kind.FACTS), fact.factId(), fact));
            } catch (IllegalStateException e) {
                rejections.add(new Rejection(fact.factId(), fact.dealKey(), UNPROJECTABLE, e.getMessage()));
                unwritable.add(fact.factId());
            }
        }
        Map<String, Refusal> refused = new LinkedHashMap<>();
        index(docs).forEach((doc, refusal) -> refused.put(doc.id(), refusal));
        List<FactDoc> written = new ArrayList<>();
        for (FactDoc fact : unique.values()) {
            Refusal refusal = refused.get(fact.factId());
            if (refusal != null) {
                rejections.add(new Rejection(fact.factId(), fact.dealKey(), refusal.code(), refusal.reason()));
            } else if (!unwritable.contains(fact.factId())) {
                written.add(fact);
            }
        }
        return written;
    }

    /**
     * Adds the facts to their deals' ledgers: reads each ledger, writes it with the new facts unless it has them
     * all, and reads and writes again those another writer changed meanwhile.
     *
     * @param rejections gets the facts of a deal whose ledger Elasticsearch refused for good (removed from the facts
     *                   index)
     * @param before     gets, for each deal whose ledger took only facts it did not have, the ledger it was written
     *                   over: its derived documents are known to be written already (by this or another writer).
     *                   A deal that had some of these facts already (a batch retried or redelivered, perhaps after a
     *                   crash between its ledger and its documents) gets none: all its documents are to be written.
     * @return every deal's ledger as it now stands
     */
    private Map<String, Ledger> append(Map<String, List<FactDoc>> facts, Generation target, List<Rejection> rejections,
                                       Map<String, Ledger> before) {
        Map<String, Ledger> result = new LinkedHashMap<>();
        Map<String, List<FactDoc>> pending = new LinkedHashMap<>(facts);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > LEDGER_ATTEMPTS) {
                throw new TransientIndexingException("other writers kept changing the ledgers of " + pending.keySet(), null);
            }
            Map<String, Ledger> stored = ledgers(new ArrayList<>(pending.keySet()), target.of(Kind.LEDGER));
            List<Ledger> changed = new ArrayList<>();
            Map<String, Ledger> fresh = new LinkedHashMap<>(); // deal -> ledger read, for ledgers taking only new facts
            pending.forEach((dealKey, added) -> {
                Ledger ledger = stored.getOrDefault(dealKey, Ledger.absent(dealKey));
                Ledger next = ledger.plus(added);
                if (ledger.stored() && next.facts().size() == ledger.facts().size()) {
                    result.put(dealKey, ledger); // a redelivery: nothing new
                } else {
                    changed.add(next);
                    if (next.facts().size() == ledger.facts().size() + added.size()) {
                        fresh.put(dealKey, ledger);
                    }
                }
            });
            Map<String, Ledger> conflicts = new LinkedHashMap<>();
            for (LedgerWrite write : writeLedgers(changed, target)) {
                String dealKey = write.ledger().dealKey();
                if (write.written() != null) {
                    result.put(dealKey, write.written());
                    if (fresh.containsKey(dealKey)) {
                        before.put(dealKey, fresh.get(dealKey));
                    }
                } else if (write.refusal() == null) {
                    conflicts.put(dealKey, write.ledger());
                } else {
                    List<FactDoc> refused = pending.get(dealKey);
                    refused.forEach(f -> rejections.add(new Rejection(f.factId(), dealKey, write.refusal().code(),
                            write.refusal().reason())));
                    delete(refused.stream().map(f -> new Doc(target.of(Kind.FACTS), f.factId(), null)).toList());
                }
            }
            pending.keySet().retainAll(conflicts.keySet());
        }
        return result;
    }

    /**
     * What became of one ledger written: {@code written} as stored now, or a {@code refusal} for good, or neither
     * (another writer changed it since it was read).
     */
    private record LedgerWrite(Ledger ledger, Ledger written, Refusal refusal) {
    }

    private List<LedgerWrite> writeLedgers(List<Ledger> ledgers, Generation target) {
        Map<Doc, Ledger> docs = new LinkedHashMap<>();
        List<LedgerWrite> writes = new ArrayList<>();
        for (Ledger ledger : ledgers) {
            Doc doc = doc(target.of(Kind.LEDGER), ledger.dealKey(), new DealLedger(ledger.dealKey(), ledger.facts().size(),
                    ledger.facts())).over(ledger);
            if (doc.json().length > maxLedgerBytes) {
                writes.add(new LedgerWrite(ledger, null, new Refusal(LEDGER_TOO_LARGE, "the facts of deal "
                        + ledger.dealKey() + " would take " + doc.json().length + " bytes in its ledger, more than "
                        + "momentum.analytics.max-ledger-size (" + maxLedgerBytes + " bytes)")));
            } else {
                docs.put(doc, ledger);
            }
        }
        String transientFailure = null;
        for (Written item : bulk(new ArrayList<>(docs.keySet()))) {
            Ledger ledger = docs.get(item.doc());
            if (item.reason() == null) {
                writes.add(new LedgerWrite(ledger, new Ledger(ledger.dealKey(), ledger.facts(), item.seqNo(),
                        item.primaryTerm(), item.version()), null));
            } else if (item.status() == 409) {
                writes.add(new LedgerWrite(ledger, null, null));
            } else if (item.status() == 400) {
                writes.add(new LedgerWrite(ledger, null, new Refusal(REJECTED_BY_ELASTICSEARCH,
                        "Elasticsearch refused " + item.doc() + ": " + item.reason())));
            } else if (transientFailure == null) {
                transientFailure = item.status() + " " + item.reason();
            }
        }
        if (transientFailure != null) {
            throw new TransientIndexingException("Elasticsearch could not write every ledger now: " + transientFailure, null);
        }
        return writes;
    }

    /** Writes a deal's ledger over the one read; another writer's change meanwhile fails the batch, to be retried. */
    private Ledger store(Ledger ledger, Generation target) {
        LedgerWrite write = writeLedgers(List.of(ledger), target).get(0);
        if (write.written() != null) {
            return write.written();
        }
        if (write.refusal() == null) {
            throw new TransientIndexingException("another writer changed the ledger of " + ledger.dealKey() + " meanwhile",
                    null);
        }
        throw new IllegalStateException(write.refusal().reason());
    }

    /** The ledgers of these deals that exist, read by id in real time. */
    Map<String, Ledger> ledgers(List<String> dealKeys, String index) {
        Map<String, Ledger> result = new LinkedHashMap<>();
        try {
            for (int from = 0; from < dealKeys.size(); from += DEALS_PER_READ) {
                List<String> ids = dealKeys.subList(from, Math.min(dealKeys.size(), from + DEALS_PER_READ));
                MgetResponse<DealLedger> response = client.mget(m -> m.index(index).ids(ids).realtime(true),
                        DealLedger.class);
                for (MultiGetResponseItem<DealLedger> item : response.docs()) {
                    if (item.isFailure()) {
                        throw new TransientIndexingException("Elasticsearch could not read the ledger of "
                                + item.failure().id() + ": " + describe(item.failure().error()), null);
                    }
                    GetResult<DealLedger> got = item.result();
                    if (got.found()) {
                        result.put(got.id(), new Ledger(got.id(), got.source().facts(), got.seqNo(), got.primaryTerm(),
                                got.version()));
                    }
                }
            }
            return result;
        } catch (IOException e) {
            throw new TransientIndexingException("Elasticsearch did not answer a read of " + index, e);
        } catch (ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch refused a read of " + index, e);
        }
    }

    /** The documents derived from one deal's facts, as they were tried: their ids, and why they were refused. */
    private record DealAttempt(Set<Doc> docs, Refusal refusal) {
    }

    /**
     * Recomputes the deals and writes their derived documents; a deal with a ledger in {@code before} gets only the
     * documents that differ from those of that ledger (the others are written already, as they are now).
     *
     * @return the deals whose derived documents Elasticsearch refused for good
     */
    private Map<String, DealAttempt> recomputeDeals(Collection<Ledger> ledgers, Map<String, Ledger> before,
                                                    Generation target) {
        Map<String, DealAttempt> poisoned = new LinkedHashMap<>();
        Map<Doc, String> docs = new LinkedHashMap<>(); // document -> its deal
        for (Ledger ledger : ledgers) {
            try {
                changedDocs(ledger, before.get(ledger.dealKey()), target).forEach(doc -> docs.put(doc, ledger.dealKey()));
            } catch (RuntimeException e) {
                poisoned.put(ledger.dealKey(), new DealAttempt(Set.of(), new Refusal(UNPROJECTABLE,
                        "cannot derive the documents of " + ledger.dealKey() + ": " + e)));
            }
        }
        Map<Doc, Refusal> refused = index(new ArrayList<>(docs.keySet()));
        refused.forEach((doc, refusal) -> {
            String dealKey = docs.get(doc);
            Set<Doc> attempted = docs.entrySet().stream().filter(e -> e.getValue().equals(dealKey))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            poisoned.putIfAbsent(dealKey, new DealAttempt(attempted, refusal));
        });
        return poisoned;
    }

    /**
     * Finds which of a deal's suspect facts make its documents unwritable: takes them all out of its ledger, then
     * puts them back one at a time, keeping each after which the deal can still be written. Derived documents
     * that only existed with a rejected fact are deleted.
     */
    private void isolate(Ledger ledger, List<FactDoc> suspects, DealAttempt failed, Generation target,
                         List<Rejection> rejections) {
        String dealKey = ledger.dealKey();
        Set<String> suspectIds = suspects == null ? Set.of()
                : suspects.stream().map(FactDoc::factId).collect(Collectors.toSet());
        List<FactDoc> ordered = ledger.facts().stream().filter(f -> suspectIds.contains(f.factId()))
                .sorted(Comparator.comparingLong(FactDoc::sequence).thenComparing(FactDoc::factId)).toList();
        Set<Doc> everAttempted = new HashSet<>(failed.docs());
        Ledger current = store(ledger.minus(suspectIds), target);
        DealAttempt base = recomputeOne(current, target, everAttempted);
        if (base.refusal() != null) {
            // facts stored before these ones make the deal unwritable (e.g. a mapping changed since): nothing
            // in this batch is to blame, so everything is kept as it was and the deal's documents stay stale
            store(current.plus(ordered), target);
            log.error("the documents of deal {} cannot be written even without the new facts {}: {}", dealKey,
                    ordered.stream().map(FactDoc::factId).toList(), base.refusal().reason());
            return;
        }
        Set<Doc> docs = base.docs();
        for (FactDoc suspect : ordered) {
            Ledger tried = store(current.plus(List.of(suspect)), target);
            DealAttempt attempt = recomputeOne(tried, target, everAttempted);
            if (attempt.refusal() == null) {
                current = tried;
                docs = attempt.docs();
                continue;
            }
            rejections.add(new Rejection(suspect.factId(), dealKey, attempt.refusal().code(), attempt.refusal().reason()));
            log.warn("fact {} of deal {} is rejected: {}", suspect.factId(), dealKey, attempt.refusal().reason());
            delete(List.of(new Doc(target.of(Kind.FACTS), suspect.factId(), null)));
            current = store(tried.minus(Set.of(suspect.factId())), target);
            DealAttempt restored = recomputeOne(current, target, everAttempted);
            if (restored.refusal() != null) {
                throw new IllegalStateException("deal " + dealKey + " could be written before fact " + suspect.factId()
                        + " and no longer without it: " + restored.refusal().reason());
            }
            docs = restored.docs();
        }
        Set<Doc> stale = new HashSet<>(everAttempted);
        stale.removeAll(docs);
        delete(new ArrayList<>(stale));
    }

    /** Recomputes one deal from its ledger; notes every document it tried in {@code attempted}. */
    private DealAttempt recomputeOne(Ledger ledger, Generation target, Set<Doc> attempted) {
        List<Doc> docs;
        try {
            docs = derivedDocs(ledger, target);
        } catch (RuntimeException e) {
            return new DealAttempt(Set.of(), new Refusal(UNPROJECTABLE, "cannot derive the documents of "
                    + ledger.dealKey() + ": " + e));
        }
        attempted.addAll(docs);
        Map<Doc, Refusal> refused = index(docs);
        return new DealAttempt(new HashSet<>(docs), refused.isEmpty() ? null : refused.values().iterator().next());
    }

    /** The derived documents of the ledger, less those equal to the ones derived from {@code before} (if any). */
    private List<Doc> changedDocs(Ledger ledger, Ledger before, Generation target) {
        List<Doc> docs = derivedDocs(ledger, target);
        if (before == null) {
            return docs;
        }
        Map<Doc, byte[]> previous = new HashMap<>();
        try {
            derivedDocs(before, target).forEach(doc -> previous.put(doc, doc.json()));
        } catch (RuntimeException e) {
            return docs; // the previous ledger could not be derived (isolated since): write everything
        }
        return docs.stream().filter(doc -> !Arrays.equals(previous.get(doc), doc.json())).toList();
    }

    private List<Doc> derivedDocs(Ledger ledger, Generation target) {
        List<FactDoc> facts = ledger.facts();
        if (facts.isEmpty()) {
            return List.of();
        }
        FactDoc any = facts.get(0);
        JourneyBuilder.Derived derived = builder.build(any.tenantId(), any.dealId(), facts);
        long version = ledger.version();
        List<Doc> docs = new ArrayList<>();
        if (derived.deal() != null) {
            docs.add(doc(target.of(Kind.DEALS), derived.deal().dealKey(), derived.deal()).versioned(version));
        }
        for (VisitDoc visit : derived.visits()) {
            docs.add(doc(target.of(Kind.VISITS), visit.dealKey() + "#" + visit.visitIndex(), visit).versioned(version));
        }
        for (CommitmentDoc commitment : derived.commitments()) {
            docs.add(doc(target.of(Kind.COMMITMENTS), commitment.tenantId() + "/" + commitment.commitmentId(), commitment)
                    .versioned(version));
        }
        return docs;
    }

    /**
     * Indexes the documents in bulk.
     *
     * @return the documents Elasticsearch refused for good (400), with its reason
     * @throws TransientIndexingException if any document could not be written for another reason
     */
    private Map<Doc, Refusal> index(List<Doc> docs) {
        Map<Doc, Refusal> refused = new LinkedHashMap<>();
        String transientFailure = null;
        for (Written item : bulk(docs)) {
            if (item.reason() == null) {
                continue;
            }
            if (item.status() == 409 && item.doc().version() != null) {
                // a writer that read a newer ledger of the deal wrote a newer document: this one is stale
                log.debug("skipped {}: a newer version is there", item.doc());
                continue;
            }
            if (item.status() == 400) {
                refused.put(item.doc(), new Refusal(REJECTED_BY_ELASTICSEARCH,
                        "Elasticsearch refused " + item.doc() + ": " + item.reason()));
            } else if (transientFailure == null) {
                transientFailure = item.status() + " " + item.reason();
            }
        }
        if (transientFailure != null) {
            throw new TransientIndexingException("Elasticsearch could not write every document now: " + transientFailure,
                    null);
        }
        return refused;
    }

    /**
     * What Elasticsearch answered for one document of a bulk request: {@code reason} is null when it was written
     * (then {@code seqNo}, {@code primaryTerm} and {@code version} are the stored document's).
     */
    private record Written(Doc doc, int status, String reason, long seqNo, long primaryTerm, long version) {
    }

    /**
     * Sends the documents in bulk requests (several when they are large: far below Elasticsearch's
     * {@code http.max_content_length} of 100 MB, whatever the events' sizes).
     *
     * @throws TransientIndexingException if Elasticsearch did not answer, or refused a whole request for another
     *                                    reason than a bad document
     */
    private List<Written> bulk(List<Doc> docs) {
        if (docs.isEmpty()) {
            return List.of();
        }
        long bytes = docs.stream().mapToLong(d -> d.json().length).sum();
        if (bytes > MAX_BULK_BYTES && docs.size() > 1) {
            return halves(docs);
        }
        BulkResponse response;
        try {
            response = client.bulk(b -> {
                docs.forEach(doc -> b.operations(doc.operation()));
                return b;
            });
        } catch (ElasticsearchException e) {
            if (e.status() != 400) {
                throw new TransientIndexingException("Elasticsearch answered " + e.status() + " to a bulk request", e);
            }
            // the whole request refused (e.g. an _id longer than 512 bytes): find the documents responsible
            if (docs.size() == 1) {
                return List.of(new Written(docs.get(0), 400, e.getMessage(), -1, 0, 0));
            }
            return halves(docs);
        } catch (IOException e) {
            throw new TransientIndexingException("Elasticsearch did not answer a bulk request of " + docs.size()
                    + " documents", e);
        }
        List<Written> written = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            written.add(new Written(docs.get(i), item.status(), item.error() == null ? null : describe(item.error()),
                    item.seqNo() == null ? -1 : item.seqNo(), item.primaryTerm() == null ? 0 : item.primaryTerm(),
                    item.version() == null ? 0 : item.version()));
        }
        return written;
    }

    private List<Written> halves(List<Doc> docs) {
        List<Written> written = new ArrayList<>(bulk(docs.subList(0, docs.size() / 2)));
        written.addAll(bulk(docs.subList(docs.size() / 2, docs.size())));
        return written;
    }

    private void delete(List<Doc> docs) {
        if (docs.isEmpty()) {
            return;
        }
        try {
            BulkResponse response = client.bulk(b -> {
                docs.forEach(doc -> b.operations(o -> o.delete(d -> d.index(doc.index()).id(doc.id()))));
                return b;
            });
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && item.status() != 404) {
                    throw new TransientIndexingException("Elasticsearch could not delete " + item.index() + "/"
                            + item.id() + ": " + describe(item.error()), null);
                }
            }
        } catch (IOException | ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch could not delete " + docs.size() + " documents", e);
        }
    }

    private static String describe(ErrorCause error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.type())).append(": ").append(error.reason());
        for (ErrorCause cause = error.causedBy(); cause != null; cause = cause.causedBy()) {
            text.append(" (caused by ").append(cause.type()).append(": ").append(cause.reason()).append(')');
        }
        return text.toString();
    }

    /**
     * One document to write: its index, id and JSON (null when it is only deleted); a derived document has the
     * external version of the ledger it was computed from; a ledger is written only over the one read
     * ({@code ifSeqNo}), or created when none was.
     */
    private record Doc(String index, String id, byte[] json, Long version, Long ifSeqNo, Long ifPrimaryTerm,
                       boolean create) {
        Doc(String index, String id, byte[] json) {
            this(index, id, json, null, null, null, false);
        }

        Doc versioned(long version) {
            return new Doc(index, id, json, version, null, null, false);
        }

        Doc over(Ledger read) {
            return read.stored() ? new Doc(index, id, json, null, read.seqNo(), read.primaryTerm(), false)
                    : new Doc(index, id, json, null, null, null, true);
        }

        BulkOperation operation() {
            BinaryData data = BinaryData.of(json, ContentType.APPLICATION_JSON);
            if (create) {
                return BulkOperation.of(o -> o.create(c -> c.index(index).id(id).document(data)));
            }
            return BulkOperation.of(o -> o.index(i -> {
                i.index(index).id(id).document(data);
                if (version != null) {
                    // equal versions come from the same ledger, hence the same document: rewriting it is harmless
                    i.version(version).versionType(VersionType.ExternalGte);
                }
                if (ifSeqNo != null) {
                    i.ifSeqNo(ifSeqNo).ifPrimaryTerm(ifPrimaryTerm);
                }
                return i;
            }));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Doc d && d.index.equals(index) && d.id.equals(id);
        }

        @Override
        public int hashCode() {
            return index.hashCode() * 31 + id.hashCode();
        }

        @Override
        public String toString() {
            return index + "/" + id;
        }
    }

    private static Doc doc(String index, String id, Object document) {
        try {
            return new Doc(index, id, JSON.writeValueAsBytes(document));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot write " + index + "/" + id + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Elasticsearch cannot take the documents now (down, overloaded): retry later, never skip. */
    public static class TransientIndexingException extends RuntimeException {
        public TransientIndexingException(String message, Throwable cause) {
            super(cause == null ? message : message + ": " + cause.getMessage(), cause);
        }
    }
}
