package dev.momentum.deal.domain;

import static dev.momentum.deal.domain.DealFixtures.CLOSE_ON;
import static dev.momentum.deal.domain.DealFixtures.OPENED_AT;
import static dev.momentum.deal.domain.DealFixtures.STAGES;
import static dev.momentum.deal.domain.DealFixtures.buyerMissed;
import static dev.momentum.deal.domain.DealFixtures.checkScheduled;
import static dev.momentum.deal.domain.DealFixtures.expectedCloseChanged;
import static dev.momentum.deal.domain.DealFixtures.kept;
import static dev.momentum.deal.domain.DealFixtures.opened;
import static dev.momentum.deal.domain.DealFixtures.record;
import static dev.momentum.deal.domain.DealFixtures.recorded;
import static dev.momentum.deal.domain.DealFixtures.sellerMissed;
import static dev.momentum.deal.domain.DealFixtures.stageChanged;
import static dev.momentum.deal.domain.DealFixtures.stalled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import dev.momentum.contracts.deal.StallReason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * A snapshot is the deal stored whole: every field read back as it was, or a deal loaded from a snapshot would
 * decide differently from one replayed from its events.
 */
class DealSnapshotTest {

    /** Spring's default mapper; the service's own, with its strict input rules, is DealSnapshotIntegrationTest's. */
    private final ObjectMapper mapper = Jackson2ObjectMapperBuilder.json().build();
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(mapper).build();

    @Test
    void aDealWithEveryKindOfStateReadsBackFieldForField() {
        AtomicReference<Deal> live = new AtomicReference<>();
        DealFixtures.fixture()
                .given(opened(OPENED_AT), checkScheduled(OPENED_AT.plus(Duration.ofDays(14))),
                        recorded(kept("f-1", "C-1", OPENED_AT.plus(Duration.ofHours(1)))),
                        recorded(buyerMissed("f-2", "C-2", OPENED_AT.plus(Duration.ofHours(2)))),
                        stageChanged(STAGES.get(0), STAGES.get(1), StageChange.ADVANCED,
                                OPENED_AT.plus(Duration.ofHours(3))),
                        expectedCloseChanged(STAGES.get(1), CLOSE_ON, CLOSE_ON.plusDays(30), OPENED_AT.plus(Duration.ofHours(4))),
                        recorded(buyerMissed("f-3", "C-3", OPENED_AT.plus(Duration.ofHours(5)))),
                        stalled(STAGES.get(1), OPENED_AT.plus(Duration.ofHours(5)), OPENED_AT.plus(Duration.ofHours(5)),
                                StallReason.MISSED_BUYER_COMMITMENTS))
                .when(record(sellerMissed("f-4", "C-4", OPENED_AT.plus(Duration.ofHours(6)))))
                .expectState(live::set);

        Deal restored = roundTrip(live.get());

        assertThat(restored).usingRecursiveComparison().isEqualTo(live.get());
        // the comparison is of a deal with content: its timeline and the fact ids it drops repeats by
        assertThat(restored).extracting("commitmentFactIds").asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                .containsExactlyInAnyOrder("f-1", "f-2", "f-3", "f-4");
        assertThat(restored).extracting("facts").asInstanceOf(InstanceOfAssertFactories.LIST).hasSizeGreaterThan(4);
    }

    @Test
    void aClosedDealReadsBackWithItsOutcome() {
        AtomicReference<Deal> live = new AtomicReference<>();
        DealFixtures.fixture()
                .given(opened(OPENED_AT), recorded(kept("f-1", "C-1", OPENED_AT.plus(Duration.ofHours(1)))),
                        DealFixtures.closed(STAGES.get(0), DealOutcome.WON, OPENED_AT.plus(Duration.ofHours(2))))
                .when(record(buyerMissed("f-2", "C-2", OPENED_AT.plus(Duration.ofHours(3)))))
                .expectState(live::set);

        Deal restored = roundTrip(live.get());

        assertThat(restored).usingRecursiveComparison().isEqualTo(live.get());
        assertThat(restored).extracting("closed").isNotNull();
    }

    private Deal roundTrip(Deal deal) {
        SerializedObject<String> stored = serializer.serialize(deal, String.class);
        return serializer.deserialize(stored);
    }
}
