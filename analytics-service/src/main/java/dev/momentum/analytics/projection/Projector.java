package dev.momentum.analytics.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.config.AnalyticsConfiguration;
import dev.momentum.analytics.projection.Indices.Generation;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.contracts.journey.StallPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;
import org.springframework.stereotype.Component;

/**
 * Writes facts and recomputes the derived documents of the deals they touch, always from all of a deal's
 * facts (so derived documents are a function of the set of facts). Every write is a bulk request; a
 * method returns once Elasticsearch acknowledged it, so the caller may then commit the Kafka offsets.
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
 *       taken out and put back one at a time, recomputing the deal after each: the one after which the deal
 *       can no longer be written is rejected and removed from the facts index. The caller dead-letters the
 *       rejected facts.</li>
 * </ul>
 *
 * <p>Several writers may recompute the same deal at once (two instances during a partition hand-over, a replay of
 * dead letters beside the live listener), each from the facts it could read. So that the last write cannot be
 * a stale one, every derived document is written with an external version derived from the facts it was
 * computed from ({@link #versionOf}): a write from fewer facts than the document already has is refused by
 * Elasticsearch (409) and skipped, since a writer that read more facts has written, or will write, the newer
 * document.
 */
@Component
public class Projector {

    /** Elasticsearch answered 400 for a document of the fact (a mapping error, an id too long, ...). */
    public static final String REJECTED_BY_ELASTICSEARCH = "REJECTED_BY_ELASTICSEARCH";
    /** A document of the fact cannot even be built or written as JSON. */
    public static final String UNPROJECTABLE = "UNPROJECTABLE";

    /**
     * A fact that can never be projected, and why.
     *
     * @param code {@link #REJECTED_BY_ELASTICSEARCH} or {@link #UNPROJECTABLE}
     */
    public record Rejection(String factId, String dealKey, String code, String reason) {
    }

    private record Refusal(String code, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    private static final int DEALS_PER_READ = 250;
    private static final int PAGE = 5000;
    private static final ObjectMapper JSON = AnalyticsConfiguration.documentMapper();
    private static final List<Kind> DERIVED = List.of(Kind.DEALS, Kind.VISITS, Kind.COMMITMENTS);
    private static final long MAX_BULK_BYTES = 16L * 1024 * 1024;

    private final ElasticsearchOperations operations;
    private final ElasticsearchClient client;
    private final JourneyBuilder builder;

    public Projector(ElasticsearchOperations operations, ElasticsearchClient client, StallPolicy policy) {
        this.operations = operations;
        this.client = client;
        this.builder = new JourneyBuilder(policy);
    }

    /**
     * Facts, then the derived documents of their deals; refreshes both so that queries see them.
     *
     * @return the facts that can never be projected (not in the facts index, not in any derived document)
     * @throws TransientIndexingException when Elasticsearch cannot take them now: retry
     */
    public List<Rejection> project(Collection<FactDoc> facts, Generation target) {
        if (facts.isEmpty()) {
            return List.of();
        }
        List<Rejection> rejections = new ArrayList<>();
        List<FactDoc> written = writeFacts(facts, target, rejections);
        Map<String, List<FactDoc>> suspects = written.stream()
                .collect(Collectors.groupingBy(FactDoc::dealKey, LinkedHashMap::new, Collectors.toList()));
        Map<String, DealAttempt> poisoned = recomputeDeals(suspects.keySet(), target);
        poisoned.forEach((dealKey, attempt) -> isolate(dealKey, suspects.get(dealKey), attempt, target, rejections));
        refreshDerived(target);
        return rejections;
    }

    /**
     * Bulk-writes facts ({@code _id} = {@code ce_id}) and refreshes the facts index.
     *
     * @param rejections gets the facts Elasticsearch refused for good
     * @return the facts written
     */
    public List<FactDoc> writeFacts(Collection<FactDoc> facts, Generation target, List<Rejection> rejections) {
        Map<String, FactDoc> unique = new LinkedHashMap<>();
        facts.forEach(f -> unique.put(f.factId(), f));
        List<Doc> docs = new ArrayList<>();
        List<FactDoc> written = new ArrayList<>();
        for (FactDoc fact : unique.values()) {
            try {
                docs.add(doc(target.of(Kind.FACTS), fact.factId(), fact));
            } catch (IllegalStateException e) {
                rejections.add(new Rejection(fact.factId(), fact.dealKey(), UNPROJECTABLE, e.getMessage()));
            }
        }
        Map<String, Refusal> refused = new LinkedHashMap<>();
        index(docs).forEach((doc, refusal) -> refused.put(doc.id(), refusal));
        Set<String> unwritable = rejections.stream().map(Rejection::factId).collect(Collectors.toSet());
        for (FactDoc fact : unique.values()) {
            Refusal refusal = refused.get(fact.factId());
            if (refusal != null) {
                rejections.add(new Rejection(fact.factId(), fact.dealKey(), refusal.code(), refusal.reason()));
            } else if (!unwritable.contains(fact.factId())) {
                written.add(fact);
            }
        }
        refresh(target.of(Kind.FACTS));
        return written;
    }

    /**
     * Recomputes every document derived from the facts of these deals and refreshes the derived indices. A
     * deal whose documents cannot be written is recomputed without each of its facts in turn, as
     * {@link #project} does for a batch's facts: here every fact of the deal is a suspect (a rebuild).
     *
     * @return the facts that can never be projected, removed from the facts index
     */
    public List<Rejection> recompute(Set<String> dealKeys, Generation target) {
        List<Rejection> rejections = new ArrayList<>();
        Map<String, DealAttempt> poisoned = recomputeDeals(dealKeys, target);
        poisoned.forEach((dealKey, attempt) -> isolate(dealKey,
                factsOf(List.of(dealKey), target.of(Kind.FACTS)).getOrDefault(dealKey, List.of()), attempt, target,
                rejections));
        refreshDerived(target);
        return rejections;
    }

    /** All facts of these deals, grouped by deal key. */
    public Map<String, List<FactDoc>> factsOf(List<String> dealKeys, String index) {
        Map<String, List<FactDoc>> byDeal = new LinkedHashMap<>();
        dealFacts(dealKeys, index).forEach((dealKey, facts) -> byDeal.put(dealKey, facts.facts()));
        return byDeal;
    }

    /**
     * A deal's facts as one search saw them, and the version of the documents derived from them.
     *
     * @param version {@link #versionOf}
     */
    record DealFacts(List<FactDoc> facts, long version) {
    }

    /**
     * The external version of the documents derived from a deal's facts: grows with every fact written for the
     * deal. Facts are only added (and a fact written again, e.g. a redelivery, gets a new sequence number), and a
     * search sees everything refreshed before it, so two writers of a deal read nested sets of its facts: the
     * one that read more has a higher highest sequence number or, when writes raced inside one refresh, a higher
     * count. Hence the highest {@code _seq_no} of the facts index (one shard) in the high bits, the count in the
     * low 20.
     */
    static long versionOf(long highestSeqNo, int count) {
        return (highestSeqNo << 20) | Math.min(count, (1 << 20) - 1);
    }

    Map<String, DealFacts> dealFacts(List<String> dealKeys, String index) {
        Map<String, List<FactDoc>> byDeal = new LinkedHashMap<>();
        Map<String, Long> highest = new HashMap<>();
        List<FieldValue> values = dealKeys.stream().map(FieldValue::of).toList();
        List<FieldValue> after = null;
        try {
            while (true) {
                List<FieldValue> searchAfter = after;
                SearchResponse<FactDoc> response = client.search(s -> {
                    s.index(index).size(PAGE).trackTotalHits(t -> t.enabled(false)).seqNoPrimaryTerm(true)
                            .query(q -> q.terms(t -> t.field("dealKey").terms(v -> v.value(values))))
                            .sort(o -> o.field(f -> f.field("dealKey").order(SortOrder.Asc)))
                            .sort(o -> o.field(f -> f.field("factId").order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, FactDoc.class);
                List<Hit<FactDoc>> hits = response.hits().hits();
                for (Hit<FactDoc> hit : hits) {
                    byDeal.computeIfAbsent(hit.source().dealKey(), k -> new ArrayList<>()).add(hit.source());
                    highest.merge(hit.source().dealKey(), hit.seqNo() == null ? 0L : hit.seqNo(), Math::max);
                }
                if (hits.size() < PAGE) {
                    Map<String, DealFacts> result = new LinkedHashMap<>();
                    byDeal.forEach((dealKey, facts) ->
                            result.put(dealKey, new DealFacts(facts, versionOf(highest.get(dealKey), facts.size()))));
                    return result;
                }
                after = hits.get(hits.size() - 1).sort();
            }
        } catch (IOException e) {
            throw new TransientIndexingException("Elasticsearch did not answer a search of " + index, e);
        } catch (ElasticsearchException e) {
            throw new TransientIndexingException("Elasticsearch refused a search of " + index, e);
        }
    }

    /** The documents derived from one deal's facts, as they were tried: their ids, and why they were refused. */
    private record DealAttempt(Set<Doc> docs, Refusal refusal) {
    }

    /** Recomputes the deals; returns those whose derived documents Elasticsearch refused for good. */
    private Map<String, DealAttempt> recomputeDeals(Set<String> dealKeys, Generation target) {
        Map<String, DealAttempt> poisoned = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(dealKeys);
        for (int from = 0; from < keys.size(); from += DEALS_PER_READ) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + DEALS_PER_READ));
            Map<String, DealFacts> byDeal = dealFacts(chunk, target.of(Kind.FACTS));
            Map<Doc, String> docs = new LinkedHashMap<>(); // document -> its deal
            for (Map.Entry<String, DealFacts> deal : byDeal.entrySet()) {
                try {
                    derivedDocs(deal.getValue(), target).forEach(doc -> docs.put(doc, deal.getKey()));
                } catch (RuntimeException e) {
                    poisoned.put(deal.getKey(), new DealAttempt(Set.of(), new Refusal(UNPROJECTABLE,
                            "cannot derive the documents of " + deal.getKey() + ": " + e)));
                }
            }
            Map<Doc, Refusal> refused = index(new ArrayList<>(docs.keySet()));
            refused.forEach((doc, refusal) -> {
                String dealKey = docs.get(doc);
                Set<Doc> attempted = docs.entrySet().stream().filter(e -> e.getValue().equals(dealKey))
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                poisoned.putIfAbsent(dealKey, new DealAttempt(attempted, refusal));
            });
        }
        return poisoned;
    }

    /**
     * Finds which of a deal's suspect facts make its documents unwritable: takes them all out, then puts them
     * back one at a time, keeping each after which the deal can still be written. Derived documents that only
     * existed with a rejected fact are deleted.
     */
    private void isolate(String dealKey, List<FactDoc> suspects, DealAttempt failed, Generation target,
                         List<Rejection> rejections) {
        String facts = target.of(Kind.FACTS);
        List<FactDoc> ordered = suspects == null ? List.of() : suspects.stream()
                .sorted(java.util.Comparator.comparingLong(FactDoc::sequence).thenComparing(FactDoc::factId)).toList();
        Set<Doc> everAttempted = new HashSet<>(failed.docs());
        delete(ordered.stream().map(f -> new Doc(facts, f.factId(), null)).toList());
        touch(dealKey, facts);
        DealAttempt base = recomputeOne(dealKey, target, everAttempted);
        if (base.refusal() != null) {
            // facts stored before these ones make the deal unwritable (e.g. a mapping changed since): nothing
            // in this batch is to blame, so everything is kept as it was and the deal's documents stay stale
            index(ordered.stream().map(f -> doc(facts, f.factId(), f)).toList());
            refresh(facts);
            log.error("the documents of deal {} cannot be written even without the new facts {}: {}", dealKey,
                    ordered.stream().map(FactDoc::factId).toList(), base.refusal().reason());
            return;
        }
        Set<Doc> current = base.docs();
        for (FactDoc suspect : ordered) {
            index(List.of(doc(facts, suspect.factId(), suspect)));
            refresh(facts);
            DealAttempt attempt = recomputeOne(dealKey, target, everAttempted);
            if (attempt.refusal() == null) {
                current = attempt.docs();
                continue;
            }
            rejections.add(new Rejection(suspect.factId(), dealKey, attempt.refusal().code(), attempt.refusal().reason()));
            log.warn("fact {} of deal {} is rejected: {}", suspect.factId(), dealKey, attempt.refusal().reason());
            delete(List.of(new Doc(facts, suspect.factId(), null)));
            touch(dealKey, facts);
            DealAttempt restored = recomputeOne(dealKey, target, everAttempted);
            if (restored.refusal() != null) {
                throw new IllegalStateException("deal " + dealKey + " could be written before fact " + suspect.factId()
                        + " and no longer without it: " + restored.refusal().reason());
            }
            current = restored.docs();
        }
        Set<Doc> stale = new HashSet<>(everAttempted);
        stale.removeAll(current);
        delete(new ArrayList<>(stale));
    }

    /**
     * After facts of a deal were deleted, writes one of its remaining facts again: its new sequence number gives
     * the deal's recomputed documents a version above those written while the deleted facts were there.
     */
    private void touch(String dealKey, String facts) {
        refresh(facts);
        List<FactDoc> remaining = factsOf(List.of(dealKey), facts).getOrDefault(dealKey, List.of());
        if (!remaining.isEmpty()) {
            index(List.of(doc(facts, remaining.get(0).factId(), remaining.get(0))));
            refresh(facts);
        }
    }

    /** Recomputes one deal from the facts index; notes every document it tried in {@code attempted}. */
    private DealAttempt recomputeOne(String dealKey, Generation target, Set<Doc> attempted) {
        DealFacts facts = dealFacts(List.of(dealKey), target.of(Kind.FACTS)).get(dealKey);
        List<Doc> docs;
        try {
            docs = facts == null ? List.of() : derivedDocs(facts, target);
        } catch (RuntimeException e) {
            return new DealAttempt(Set.of(), new Refusal(UNPROJECTABLE, "cannot derive the documents of " + dealKey + ": " + e));
        }
        attempted.addAll(docs);
        Map<Doc, Refusal> refused = index(docs);
        return new DealAttempt(new HashSet<>(docs), refused.isEmpty() ? null : refused.values().iterator().next());
    }

    private List<Doc> derivedDocs(DealFacts dealFacts, Generation target) {
        List<FactDoc> facts = dealFacts.facts();
        FactDoc any = facts.get(0);
        JourneyBuilder.Derived derived = builder.build(any.tenantId(), any.dealId(), facts);
        long version = dealFacts.version();
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
     * Indexes the documents in one bulk request.
     *
     * @return the documents Elasticsearch refused for good (400), with its reason
     * @throws TransientIndexingException if any document could not be written for another reason
     */
    private Map<Doc, Refusal> index(List<Doc> docs) {
        Map<Doc, Refusal> refused = new LinkedHashMap<>();
        if (docs.isEmpty()) {
            return refused;
        }
        long bytes = docs.stream().mapToLong(d -> d.json().length).sum();
        if (bytes > MAX_BULK_BYTES && docs.size() > 1) {
            // far below Elasticsearch's http.max_content_length (100 MB), whatever the events' sizes
            refused.putAll(index(docs.subList(0, docs.size() / 2)));
            refused.putAll(index(docs.subList(docs.size() / 2, docs.size())));
            return refused;
        }
        BulkResponse response;
        try {
            response = client.bulk(b -> {
                docs.forEach(doc -> b.operations(BulkOperation.of(o -> o.index(i -> {
                    i.index(doc.index()).id(doc.id()).document(BinaryData.of(doc.json(), ContentType.APPLICATION_JSON));
                    if (doc.version() != null) {
                        // equal versions come from the same facts, hence the same document: rewriting it is harmless
                        i.version(doc.version()).versionType(VersionType.ExternalGte);
                    }
                    return i;
                }))));
                return b;
            });
        } catch (ElasticsearchException e) {
            if (e.status() != 400) {
                throw new TransientIndexingException("Elasticsearch answered " + e.status() + " to a bulk request", e);
            }
            // the whole request refused (e.g. an _id longer than 512 bytes): find the documents responsible
            if (docs.size() == 1) {
                refused.put(docs.get(0), new Refusal(REJECTED_BY_ELASTICSEARCH,
                        "Elasticsearch refused " + docs.get(0) + ": " + e.getMessage()));
                return refused;
            }
            refused.putAll(index(docs.subList(0, docs.size() / 2)));
            refused.putAll(index(docs.subList(docs.size() / 2, docs.size())));
            return refused;
        } catch (IOException e) {
            throw new TransientIndexingException("Elasticsearch did not answer a bulk request of " + docs.size()
                    + " documents", e);
        }
        String transientFailure = null;
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            if (item.error() == null) {
                continue;
            }
            if (item.status() == 409 && docs.get(i).version() != null) {
                // a writer that read more of the deal's facts wrote a newer document: this one is stale
                log.debug("skipped {}: a newer version is there", docs.get(i));
                continue;
            }
            if (item.status() == 400) {
                refused.put(docs.get(i), new Refusal(REJECTED_BY_ELASTICSEARCH,
                        "Elasticsearch refused " + docs.get(i) + ": " + describe(item.error())));
            } else if (transientFailure == null) {
                transientFailure = item.status() + " " + describe(item.error());
            }
        }
        if (transientFailure != null) {
            throw new TransientIndexingException("Elasticsearch could not write every document now: " + transientFailure,
                    null);
        }
        return refused;
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

    private void refreshDerived(Generation target) {
        for (Kind kind : DERIVED) {
            refresh(target.of(kind));
        }
    }

    private void refresh(String index) {
        try {
            operations.indexOps(IndexCoordinates.of(index)).refresh();
        } catch (RuntimeException e) {
            throw new TransientIndexingException("Elasticsearch could not refresh " + index, e);
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
     * external {@link #versionOf version} of the facts it was computed from (null for a fact).
     */
    private record Doc(String index, String id, byte[] json, Long version) {
        Doc(String index, String id, byte[] json) {
            this(index, id, json, null);
        }

        Doc versioned(long version) {
            return new Doc(index, id, json, version);
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
