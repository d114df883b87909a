package dev.momentum.contracts.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.api.ImportStatus;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.deal.StageChange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValueSetsTest {

    @Test
    void aMissPatternKeyRoundTripsEvenWithTheSeparatorInTheStage() {
        MissPattern pattern = new MissPattern("Proof | pilot", CommitmentCategory.BUILD_CONSENSUS,
                Direction.BUYER_INTERNAL, Role.MANAGEMENT);
        assertThat(pattern.key()).isEqualTo("Proof | pilot|BUILD_CONSENSUS|BUYER_INTERNAL|MANAGEMENT");
        assertThat(MissPattern.parse(pattern.key())).isEqualTo(pattern);
        assertThatThrownBy(() -> MissPattern.parse("LEARN|BUILD_CONSENSUS")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyStageChangeAndOutcomeIsAnExit() {
        for (StageChange change : StageChange.values()) {
            assertThat(VisitExit.of(change).name()).isEqualTo(change.name());
        }
        for (DealOutcome outcome : DealOutcome.values()) {
            assertThat(VisitExit.of(outcome).name()).isEqualTo(outcome.name());
        }
    }

    @Test
    void commitmentOutcomes() {
        Instant due = Instant.parse("2025-01-10T00:00:00Z");
        assertThat(CommitmentOutcome.of(due, due, null, null)).isEqualTo(CommitmentOutcome.KEPT);
        assertThat(CommitmentOutcome.of(due.plusSeconds(1), due, null, due)).isEqualTo(CommitmentOutcome.KEPT_LATE);
        assertThat(CommitmentOutcome.of(null, due, due, due)).isEqualTo(CommitmentOutcome.WITHDRAWN);
        assertThat(CommitmentOutcome.of(null, due, null, due)).isEqualTo(CommitmentOutcome.MISSED);
        assertThat(CommitmentOutcome.of(null, due, null, null)).isEqualTo(CommitmentOutcome.OPEN);
    }

    @Test
    void importStatusesAreLowerCaseOnTheWire() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(ImportStatus.CREATED)).isEqualTo("\"created\"");
        assertThat(json.readValue("\"conflict\"", ImportStatus.class)).isEqualTo(ImportStatus.CONFLICT);
        assertThat(ImportStatus.INVALID.isRefused()).isTrue();
        assertThat(ImportStatus.UNCHANGED.isRefused()).isFalse();
    }
}
