package dev.momentum.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.momentum.client.MomentumClient;
import dev.momentum.client.Analytics.Journey;
import dev.momentum.client.Analytics.Visit;
import dev.momentum.client.Deals.Deal;
import dev.momentum.client.ImportItems.CommitmentItem;
import dev.momentum.client.ImportItems.CommitmentOutcome;
import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.ExpectedCloseChange;
import dev.momentum.client.ImportItems.Party;
import dev.momentum.client.ImportTally;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
        Deal deal = client.deal(dealId);
        if (since == null) {
            assertThat(deal.status()).as("deal-service status of %s", dealId).isEqualTo("OPEN");
        } else {
            assertThat(deal.status()).as("deal-service status of %s", dealId).isEqualTo("STALLED");
            assertThat(deal.stall().since()).isEqualTo(since);
            assertThat(deal.stall().reasons()).map(Enum::name).containsExactly(reason);
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Journey journey = client.journey(dealId);
            assertThat(journey.status()).as("analytics status of %s", dealId).isEqualTo(deal.status());
            Visit visit = journey.visits().get(0);
            assertThat(visit.stalled()).isEqualTo(since != null);
            if (since != null) {
                assertThat(visit.stallStartAt()).isEqualTo(since);
                assertThat(visit.stallReasons()).containsExactly(reason);
            }
        });
    }

    private static void load(MomentumClient client) {
        List<DealItem> deals = new ArrayList<>();
        LocalDate expectedClose = LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(60);
        for (String dealId : List.of("missed-once", "pushed-once", "quiet")) {
            List<ExpectedCloseChange> pushes = dealId.equals("pushed-once")
                    ? List.of(new ExpectedCloseChange(LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(90), PUSHED_AT))
                    : null;
            deals.add(new DealItem(dealId, "Deal " + dealId, null, null, null, null, null, null, "LEARN", expectedClose,
                    dealId.equals("quiet") ? QUIET_OPENED : OPENED, null, pushes, null));
        }
        CommitmentItem miss = new CommitmentItem("missed-once-c1", "missed-once", "LEARN", null,
                new Party("BUYER", "CHAMPION"), new Party("SELLER", "ACCOUNT_EXECUTIVE"), MISSED_AT,
                OPENED.plus(Duration.ofDays(1)), null, new CommitmentOutcome("MISSED", MISSED_AT, null));
        ImportTally dealTally = new ImportTally();
        client.importDeals(deals, dealTally, n -> { });
        ImportTally commitmentTally = new ImportTally();
        client.importCommitments(List.of(miss), commitmentTally, n -> { });
        assertThat(dealTally.count(ImportStatus.CREATED)).as("deals %s", dealTally.firstErrors()).isEqualTo(3);
        assertThat(commitmentTally.count(ImportStatus.CREATED)).as("commitments %s", commitmentTally.firstErrors()).isEqualTo(1);
    }
}
