package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.momentum.cli.client.MomentumClient;
import dev.momentum.cli.client.MomentumClient.ImportTally;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stall thresholds ({@code momentum.stall.*}) are one setting that the deal-service and the
 * analytics-service honour alike: the same three deals are loaded into the shared system (the
 * defaults: 14 days, 2 buyer misses, 2 pushes) and into a system of their own whose services all
 * run with 30 days, 1 buyer miss and 1 push. In each, the deal API and the analytics journey agree
 * on every deal's status and stall start, and each threshold's change flips the deal it concerns.
 */
@LocalStackTest({Component.POSTGRES, Component.KAFKA, Component.ELASTICSEARCH})
@ExtendWith(MomentumSystem.Shared.class)
class StallThresholdsEndToEndTest {

    private static final String TENANT = "stall-thresholds";
    private static final Map<String, String> CHANGED = Map.of(
            "momentum.stall.inactivity", "P30D",
            "momentum.stall.buyer-misses", "1",
            "momentum.stall.close-pushes", "1");

    /** Whole seconds, as every API answers instants. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** When "quiet" opened: inactive for 20 days, past the default 14 and short of the changed 30. */
    private static final Instant QUIET_OPENED = NOW.minus(Duration.ofDays(20));
    /** When the two others opened: 10 days without progress stall under neither setting. */
    private static final Instant OPENED = NOW.minus(Duration.ofDays(10));
    private static final Instant MISSED_AT = OPENED.plus(Duration.ofDays(2));
    private static final Instant PUSHED_AT = OPENED.plus(Duration.ofDays(3));

    private static MomentumSystem shared;
    private static MomentumSystem changed;

    @BeforeAll
    static void loadTheSameDealsIntoBoth(MomentumSystem sharedSystem) {
        shared = sharedSystem;
        changed = MomentumSystem.start(MomentumSystem.Settings.isolated("thresholds", CHANGED));
        load(shared.client(TENANT));
        load(changed.client(TENANT));
    }

    @AfterAll
    static void stopTheChangedSystem() {
        if (changed != null) {
            changed.close();
        }
    }

    @Test
    void theDefaultsStallOnlyTheInactiveDeal() {
        assertBothServicesSay(shared, "missed-once", null, null);
        assertBothServicesSay(shared, "pushed-once", null, null);
        assertBothServicesSay(shared, "quiet", QUIET_OPENED.plus(Duration.ofDays(14)), "INACTIVITY");
    }

    @Test
    void changedThresholdsStallTheOthersTheSameWayInBothServices() {
        assertBothServicesSay(changed, "missed-once", MISSED_AT, "MISSED_BUYER_COMMITMENTS");
        assertBothServicesSay(changed, "pushed-once", PUSHED_AT, "CLOSE_DATE_PUSHED");
        assertBothServicesSay(changed, "quiet", null, null);
    }

    /** The deal view and the analytics journey both say stalled since {@code since} for {@code reason}, or not stalled. */
    private static void assertBothServicesSay(MomentumSystem system, String dealId, Instant since, String reason) {
        MomentumClient client = system.client(TENANT);
        JsonNode deal = client.get(system.dealUrl + "/api/v1/deals/" + dealId);
        if (since == null) {
            assertThat(deal.path("status").asText()).as("deal-service status of %s", dealId).isEqualTo("OPEN");
        } else {
            assertThat(deal.path("status").asText()).as("deal-service status of %s", dealId).isEqualTo("STALLED");
            assertThat(Instant.parse(deal.path("stall").path("since").asText())).isEqualTo(since);
            assertThat(deal.path("stall").path("reasons").toString()).isEqualTo("[\"" + reason + "\"]");
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode journey = client.get(system.analyticsUrl + "/api/v1/journeys/" + dealId);
            assertThat(journey.path("status").asText()).as("analytics status of %s", dealId)
                    .isEqualTo(deal.path("status").asText());
            JsonNode visit = journey.path("visits").get(0);
            assertThat(visit.path("stalled").asBoolean()).isEqualTo(since != null);
            if (since != null) {
                assertThat(Instant.parse(visit.path("stallStartAt").asText())).isEqualTo(since);
                assertThat(visit.path("stallReasons").toString()).isEqualTo("[\"" + reason + "\"]");
            }
        });
    }

    private static void load(MomentumClient client) {
        List<Map<String, Object>> deals = new ArrayList<>();
        for (String dealId : List.of("missed-once", "pushed-once", "quiet")) {
            Map<String, Object> deal = new LinkedHashMap<>();
            deal.put("dealId", dealId);
            deal.put("name", "Deal " + dealId);
            deal.put("stage", "LEARN");
            deal.put("expectedCloseOn", LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(60).toString());
            deal.put("occurredAt", (dealId.equals("quiet") ? QUIET_OPENED : OPENED).toString());
            if (dealId.equals("pushed-once")) {
                deal.put("expectedCloseChanges", List.of(Map.of(
                        "expectedCloseOn", LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(90).toString(),
                        "occurredAt", PUSHED_AT.toString())));
            }
            deals.add(deal);
        }
        Map<String, Object> miss = new LinkedHashMap<>();
        miss.put("commitmentId", "missed-once-c1");
        miss.put("dealId", "missed-once");
        miss.put("category", "LEARN");
        miss.put("madeBy", Map.of("party", "BUYER", "role", "CHAMPION"));
        miss.put("madeTo", Map.of("party", "SELLER", "role", "ACCOUNT_EXECUTIVE"));
        miss.put("dueAt", MISSED_AT.toString());
        miss.put("occurredAt", OPENED.plus(Duration.ofDays(1)).toString());
        miss.put("outcome", Map.of("status", "MISSED", "occurredAt", MISSED_AT.toString()));
        ImportTally dealTally = new ImportTally();
        client.importDeals(deals, dealTally, n -> { });
        ImportTally commitmentTally = new ImportTally();
        client.importCommitments(List.of(miss), commitmentTally, n -> { });
        assertThat(dealTally.count(ImportStatus.CREATED)).as("deals %s", dealTally.firstErrors()).isEqualTo(3);
        assertThat(commitmentTally.count(ImportStatus.CREATED)).as("commitments %s", commitmentTally.firstErrors()).isEqualTo(1);
    }
}
