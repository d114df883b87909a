package dev.momentum.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The raw side of the query rows replays the searches Elasticsearch's search slow log recorded: a line as
 * Elasticsearch 8.19 writes it (its request body escaped once more) gives back the index and the body as sent.
 */
class SlowLogSearchesTest {

    @Test
    void aSlowLogLineGivesTheIndexAndTheRequestBodyAsSent() throws Exception {
        String lines;
        try (var in = getClass().getResourceAsStream("/bench/search-slowlog.json")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        List<RawLimits.Search> searches = RawLimits.searchesIn(lines + "\n" + lines);

        assertThat(searches).hasSize(2);
        assertThat(searches.get(0).index()).isEqualTo("momentum-visits-v1-20261201093432298-14d3");
        assertThat(new ObjectMapper().readTree(searches.get(0).source()).at("/query/term/tenantId/value").asText())
                .as("a quote inside a value survives").isEqualTo("de\"mo");
        assertThat(new ObjectMapper().readTree(searches.get(0).source()).path("size").asInt()).isZero();
    }

    @Test
    void linesOfOtherLogsAreNotSearches() throws Exception {
        assertThat(RawLimits.searchesIn("{\"log.level\":\"INFO\",\"message\":\"started\"}\n\n")).isEmpty();
    }
}
