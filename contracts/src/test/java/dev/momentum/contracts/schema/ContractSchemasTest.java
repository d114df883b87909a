package dev.momentum.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.Samples;
import dev.momentum.contracts.UnknownEventTypeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ContractSchemasTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySampleIsValid(EventType type) {
        assertThat(ContractSchemas.validate(type, Samples.payload(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyRequiredFieldIsEnforced(EventType type) {
        List<String> required = new ArrayList<>();
        Samples.schema(type).get("required").forEach(field -> required.add(field.asText()));
        assertThat(required).isNotEmpty();
        for (String field : required) {
            ObjectNode payload = Samples.payload(type);
            payload.remove(field);
            assertThat(ContractSchemas.validate(type, payload)).as("without %s", field).isNotEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "COMMITMENT_MADE, category, PROMISE",
        "COMMITMENT_MADE, direction, SIDEWAYS",
        "DEAL_STAGE_CHANGED, change, SIDEWAYS",
        "DEAL_CLOSED, outcome, MAYBE",
        "COMMITMENT_MADE, occurredAt, yesterday",
        "COMMITMENT_MADE, occurredAt, 2025-13-01T00:00:00Z",
        "COMMITMENT_MADE, dueAt, 2025-03-21",
        "DEAL_OPENED, expectedCloseOn, 2025-02-30",
        "DEAL_OPENED, expectedCloseOn, 30/05/2025",
        "DEAL_OPENED, currency, euro",
        "DEAL_OPENED, amount, 48k",
        "DEAL_OPENED, tenantId, ''",
    })
    void invalidValuesFail(EventType type, String field, String value) {
        ObjectNode payload = Samples.payload(type);
        payload.put(field, value);
        assertThat(ContractSchemas.validate(type, payload)).as("%s = %s", field, value).isNotEmpty();
    }

    @Test
    void negativeSequenceAndEmptyStallReasonsFail() {
        ObjectNode made = Samples.payload(EventType.COMMITMENT_MADE);
        made.put("sequence", -1);
        assertThat(ContractSchemas.validate(EventType.COMMITMENT_MADE, made)).isNotEmpty();

        ObjectNode stalled = Samples.payload(EventType.DEAL_STALLED);
        stalled.putArray("reasons");
        assertThat(ContractSchemas.validate(EventType.DEAL_STALLED, stalled)).isNotEmpty();
        stalled.putArray("reasons").add("BAD_WEATHER");
        assertThat(ContractSchemas.validate(EventType.DEAL_STALLED, stalled)).isNotEmpty();
    }

    @Test
    void roleMustExistOnThePartysSide() {
        ObjectNode payload = Samples.payload(EventType.COMMITMENT_MADE);
        ((ObjectNode) payload.get("madeBy")).put("role", "ACCOUNT_EXECUTIVE");
        assertThat(ContractSchemas.validate(EventType.COMMITMENT_MADE, payload)).isNotEmpty();
    }

    @Test
    void unknownFieldsAndExplicitNullsForOptionalFieldsAreAllowed() {
        ObjectNode payload = Samples.payload(EventType.COMMITMENT_MADE);
        payload.put("priority", "HIGH");
        payload.putNull("description");
        ((ObjectNode) payload.get("madeBy")).put("email", "dana@contoso.example");
        assertThat(ContractSchemas.validate(EventType.COMMITMENT_MADE, payload)).isEmpty();
    }

    @Test
    void validatesJsonTextByCeType() {
        JsonNode sample = Samples.payload(EventType.DEAL_REVIVED);
        assertThat(ContractSchemas.validate("dev.momentum.deal.revived.v1", sample.toString())).isEmpty();
        assertThat(ContractSchemas.validate("dev.momentum.deal.revived.v1", "{\"tenantId\":")).hasSize(1);
        assertThatThrownBy(() -> ContractSchemas.validate("dev.momentum.deal.revived.v2", sample.toString()))
                .isInstanceOf(UnknownEventTypeException.class);
    }
}
