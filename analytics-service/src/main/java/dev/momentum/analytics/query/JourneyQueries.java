package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.projection.CommitmentDoc;
import dev.momentum.analytics.projection.DealDoc;
import dev.momentum.analytics.projection.DealLedger;
import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.projection.VisitDoc;
import dev.momentum.contracts.journey.JourneyAssessment;
import dev.momentum.contracts.journey.VisitExit;
import dev.momentum.contracts.json.ContractJson;
import dev.momentum.support.web.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** One deal's journey: its visits, commitments and events, each in business-time order. */
@Component
public class JourneyQueries {

    private static final ObjectMapper JSON = ContractJson.mapper();

    /** A visit as of {@code now}: its stall shows only once it has started. */
    public record Visit(int visitIndex, String stage, Instant entryAt, Instant exitAt, VisitExit exit, Double dwellDays,
            boolean stalled, Instant stallStartAt, List<String> stallReasons, List<String> missedKeys) {

        static Visit of(VisitDoc visit, Instant now) {
            boolean stalled = JourneyAssessment.startedBy(visit.stallStartAt(), now);
            return new Visit(visit.visitIndex(), visit.stage(), visit.entryAt(), visit.exitAt(), visit.exit(),
                    visit.dwellDays(), stalled, stalled ? visit.stallStartAt() : null,
                    stalled ? visit.stallReasons() : null, visit.missedKeys());
        }
    }

    public record Event(String id, String type, String subject, long sequence, Instant occurredAt, Instant recordedAt,
            JsonNode data) {
    }

    public record Journey(String dealId, String name, String pipeline, String stage, String status, boolean stalledNow,
            List<Visit> visits, List<CommitmentDoc> commitments, List<Event> events) {
    }

    private final ElasticsearchClient client;
    private final Indices indices;

    public JourneyQueries(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    public Journey journey(String tenantId, String dealId, Instant now) {
        String dealKey = FactDoc.dealKey(tenantId, dealId);
        List<FactDoc> facts = facts(dealKey);
        if (facts.isEmpty()) {
            throw new NotFoundException("No deal " + dealId);
        }
        DealDoc deal = all(Kind.DEALS, dealKey, DealDoc.class).stream().findFirst().orElse(null);
        List<Visit> visits = all(Kind.VISITS, dealKey, VisitDoc.class).stream()
                .sorted(Comparator.comparingInt(VisitDoc::visitIndex))
                .map(v -> Visit.of(v, now))
                .toList();
        List<CommitmentDoc> commitments = all(Kind.COMMITMENTS, dealKey, CommitmentDoc.class).stream()
                .sorted(Comparator.comparing(CommitmentDoc::madeAt).thenComparing(CommitmentDoc::commitmentId))
                .toList();
        List<Event> events = facts.stream()
                .sorted(Comparator.comparing(FactDoc::occurredAt).thenComparing(FactDoc::subject)
                        .thenComparingLong(FactDoc::sequence).thenComparing(FactDoc::factId))
                .map(f -> new Event(f.factId(), f.ceType(), f.subject(), f.sequence(), f.occurredAt(), f.recordedAt(), tree(f)))
                .toList();
        if (deal == null) {
            return new Journey(dealId, null, null, null, null, false, visits, commitments, events);
        }
        return new Journey(dealId, deal.name(), deal.pipeline(), deal.stage(), deal.statusAt(now), deal.stalledAt(now),
                visits, commitments, events);
    }

    private static JsonNode tree(FactDoc fact) {
        try {
            return JSON.readTree(fact.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The deal's facts, from its ledger: read by id in real time, never searched. Indices of the format before the
     * ledgers have none until the upgrade's rebuild replaced them: their facts are searched meanwhile.
     */
    private List<FactDoc> facts(String dealKey) {
        try {
            GetResponse<DealLedger> ledger = client.get(g -> g.index(indices.alias(Kind.LEDGER)).id(dealKey)
                    .realtime(true), DealLedger.class);
            return ledger.found() ? ledger.source().facts() : List.of();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return all(Kind.FACTS, dealKey, FactDoc.class);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> List<T> all(Kind kind, String dealKey, Class<T> type) {
        try {
            return client.search(s -> s.index(indices.alias(kind)).size(10_000)
                            .query(q -> q.term(t -> t.field("dealKey").value(dealKey)))
                            .sort(o -> o.field(f -> f.field("_doc").order(SortOrder.Asc))), type)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
