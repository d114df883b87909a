package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.projection.CommitmentDoc;
import dev.momentum.analytics.projection.DealDoc;
import dev.momentum.analytics.projection.FactDoc;
import dev.momentum.analytics.projection.Indices;
import dev.momentum.analytics.projection.Indices.Kind;
import dev.momentum.analytics.projection.VisitDoc;
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

    public record Visit(int visitIndex, String stage, Instant entryAt, Instant exitAt, String exit, Double dwellDays,
            boolean stalled, Instant stallStartAt, List<String> stallReasons, List<String> missedKeys) {
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
        List<FactDoc> facts = all(Kind.FACTS, dealKey, FactDoc.class);
        if (facts.isEmpty()) {
            throw new NotFoundException("No deal " + dealId);
        }
        DealDoc deal = all(Kind.DEALS, dealKey, DealDoc.class).stream().findFirst().orElse(null);
        List<Visit> visits = all(Kind.VISITS, dealKey, VisitDoc.class).stream()
                .sorted(Comparator.comparingInt(VisitDoc::visitIndex))
                .map(v -> new Visit(v.visitIndex(), v.stage(), v.entryAt(), v.exitAt(), v.exit(), v.dwellDays(),
                        v.stallStartAt() != null && !v.stallStartAt().isAfter(now),
                        v.stallStartAt() != null && !v.stallStartAt().isAfter(now) ? v.stallStartAt() : null,
                        v.stallStartAt() != null && !v.stallStartAt().isAfter(now) ? v.stallReasons() : null,
                        v.missedKeys()))
                .toList();
        List<CommitmentDoc> commitments = all(Kind.COMMITMENTS, dealKey, CommitmentDoc.class).stream()
                .sorted(Comparator.comparing(CommitmentDoc::madeAt).thenComparing(CommitmentDoc::commitmentId))
                .toList();
        List<Event> events = facts.stream()
                .sorted(Comparator.comparing(FactDoc::occurredAt).thenComparing(FactDoc::subject)
                        .thenComparingLong(FactDoc::sequence).thenComparing(FactDoc::factId))
                .map(f -> new Event(f.factId(), f.ceType(), f.subject(), f.sequence(), f.occurredAt(), f.recordedAt(), tree(f)))
                .toList();
        boolean stalledNow = deal != null && deal.open() && deal.stallStartAt() != null && !deal.stallStartAt().isAfter(now);
        String status = deal == null ? null : !deal.open() ? deal.outcome() : stalledNow ? "STALLED" : "OPEN";
        return new Journey(dealId, deal == null ? null : deal.name(), deal == null ? null : deal.pipeline(),
                deal == null ? null : deal.stage(), status, stalledNow, visits, commitments, events);
    }

    private static JsonNode tree(FactDoc fact) {
        try {
            return JSON.readTree(fact.payload());
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
