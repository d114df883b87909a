package dev.momentum.analytics.query;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import dev.momentum.contracts.journey.JourneyAssessment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters every endpoint takes, plus the caller's tenant and the instant the figures are for.
 *
 * @param from inclusive, business time of the visit's entry (or the commitment's make)
 * @param to   exclusive
 */
public record Filters(String tenantId, String pipeline, Instant from, Instant to, String segment, String owner,
        Instant now) {

    /** tenant + pipeline + segment + owner, and {@code timeField} in [from, to) unless it is null. */
    public List<Query> queries(String timeField) {
        List<Query> filters = new ArrayList<>();
        filters.add(term("tenantId", tenantId));
        filters.add(term("pipeline", pipeline));
        if (segment != null) {
            filters.add(term("segment", segment));
        }
        if (owner != null) {
            filters.add(term("owner", owner));
        }
        if (timeField != null && (from != null || to != null)) {
            filters.add(Query.of(q -> q.range(r -> r.untyped(u -> {
                u.field(timeField);
                if (from != null) {
                    u.gte(JsonData.of(from.toString()));
                }
                if (to != null) {
                    u.lt(JsonData.of(to.toString()));
                }
                return u;
            }))));
        }
        return filters;
    }

    /**
     * The documents (deals, visits) stalled at {@code t}: the query form of {@link JourneyAssessment#startedBy}
     * on their {@code stallStartAt}, the one place that rule is written for Elasticsearch.
     */
    public static Query stalledAt(Instant t) {
        return Query.of(q -> q.range(r -> r.untyped(u -> u.field("stallStartAt").lte(JsonData.of(t.toString())))));
    }

    public static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }
}
