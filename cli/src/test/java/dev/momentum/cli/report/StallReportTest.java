package dev.momentum.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.momentum.client.Analytics.AtRisk;
import dev.momentum.client.Analytics.StallMap;
import dev.momentum.client.Analytics.StallPatterns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StallReportTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    private StallReport report() throws Exception {
        return new StallReport(json.readValue("""
                {"pipeline":"buyer-journey","stages":[
                 {"stage":"LEARN","visits":40,"stalledVisits":10,"stallRate":0.25,"dwellDaysP50":8.5,"dwellDaysP90":20.25,
                  "exits":{"ADVANCED":30,"REGRESSED":2,"WON":0,"LOST":1,"ABANDONED":0,"NO_DECISION":0,"OPEN":7}},
                 {"stage":"DECIDE","visits":0,"stalledVisits":0,"stallRate":null,"dwellDaysP50":null,"dwellDaysP90":null,
                  "exits":{"ADVANCED":0,"REGRESSED":0,"WON":0,"LOST":0,"ABANDONED":0,"NO_DECISION":0,"OPEN":0}}]}""", StallMap.class),
                json.readValue("""
                {"pipeline":"buyer-journey","patterns":[{"stage":"BUILD_CONSENSUS","category":"BUILD_CONSENSUS",
                 "direction":"BUYER_INTERNAL","role":"MANAGEMENT","missedVisits":12,"stalledVisits":9,
                 "stallRateAfterMiss":0.75,"baselineStallRate":0.3,"lift":2.5,"stallRateWithout":0.2,
                 "relativeRisk":3.75,"ci95":[1.5,9.25],"pValue":0.00012,"qValue":0.0024}]}""", StallPatterns.class),
                json.readValue("""
                {"deals":[{"dealId":"D-7","name":"Acme, deal 7","stage":"BUILD_CONSENSUS","status":"STALLED","riskScore":3.5,
                 "reasons":["MISSED_BUYER_COMMITMENTS"],"helpWith":[{"commitmentId":"C-1","category":"BUILD_CONSENSUS",
                 "direction":"BUYER_INTERNAL","madeBy":{"party":"BUYER","role":"MANAGEMENT"},
                 "dueAt":"2026-11-20T10:00:00Z","status":"MISSED"}]}]}""", AtRisk.class));
    }

    private String print(String format) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report().print(format, 10, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tablesShowTheStallMapPatternsAndDealsToHelp() throws Exception {
        String table = print("table");
        assertThat(table).contains("Stall map: pipeline buyer-journey")
                .containsPattern("LEARN\\s+40\\s+10\\s+25.0%\\s+8.50\\s+20.25\\s+30\\s+2")
                .containsPattern("DECIDE\\s+0\\s+0\\s+-\\s+-\\s+-")
                .containsPattern("BUILD_CONSENSUS\\s+BUILD_CONSENSUS\\s+BUYER_INTERNAL\\s+MANAGEMENT\\s+12\\s+9\\s+75.0%\\s+30.0%\\s+2.50"
                        + "\\s+20.0%\\s+3.75\\s+1.50-9.25\\s+0.00012\\s+0.0024")
                .contains("BUILD_CONSENSUS by MANAGEMENT (MISSED, due 2026-11-20)");
    }

    @Test
    void csvQuotesWhatNeedsIt() throws Exception {
        assertThat(print("csv")).contains("stage,visits,stalled,stall rate").contains("D-7,\"Acme, deal 7\",BUILD_CONSENSUS");
    }

    @Test
    void jsonKeepsTheApiAnswers() throws Exception {
        assertThat(json.readTree(print("json")).path("patterns").path("patterns").get(0).path("lift").asDouble()).isEqualTo(2.5);
        assertThatThrownBy(() -> print("xml")).hasMessageContaining("--format");
    }
}
