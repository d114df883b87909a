package dev.momentum.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.Samples;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.DealOpened;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The JSON Schemas state {@link ContractLimits} wherever JSON Schema can, and enforce them. */
class ContractLimitsSchemaTest {

    private static final Set<String> MULTILINE = Set.of("description", "reason", "evidence");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyValueOfEverySchemaIsBounded(EventType type) {
        JsonNode schema = Samples.schema(type);
        List<String> unbounded = new ArrayList<>();
        check(schema.get("properties"), unbounded);
        schema.path("$defs").forEach(definition -> check(definition.get("properties"), unbounded));
        assertThat(unbounded).isEmpty();
    }

    private static void check(JsonNode properties, List<String> unbounded) {
        properties.fields().forEachRemaining(entry -> check(entry.getKey(), entry.getValue(), unbounded));
    }

    private static void check(String name, JsonNode property, List<String> unbounded) {
        {
            String types = property.path("type").toString();
            if (property.has("$ref") || property.has("enum") || name.equals("currency")) {
                return;
            }
            if (property.has("format")) {
                expect(unbounded, name, property.path("pattern").asText(), ContractLimits.YEAR_PATTERN);
            } else if (types.contains("number")) {
                expect(unbounded, name, property.path("minimum").decimalValue(), BigDecimal.ZERO);
                expect(unbounded, name, property.path("exclusiveMaximum").decimalValue(), ContractLimits.AMOUNT_BOUND);
                expect(unbounded, name, property.path("multipleOf").decimalValue(), ContractLimits.AMOUNT_STEP);
            } else if (types.contains("array") && !property.path("items").has("enum")) {
                expect(unbounded, name, property.path("maxItems").asInt(), ContractLimits.MAX_STAGES);
                check(name, property.get("items"), unbounded);
            } else if (types.contains("string")) {
                if (!property.has("maxLength") || property.path("maxLength").asInt() > ContractLimits.MAX_TEXT_LENGTH) {
                    unbounded.add(name + " has no maxLength");
                }
                if (!name.endsWith("Id")) {
                    expect(unbounded, name, property.path("pattern").asText(), MULTILINE.contains(name)
                            ? ContractLimits.MULTILINE_TEXT_PATTERN : ContractLimits.PLAIN_TEXT_PATTERN);
                }
            }
        }
    }

    private static void expect(List<String> unbounded, String name, Object actual, Object expected) {
        boolean same = actual instanceof BigDecimal a && expected instanceof BigDecimal e
                ? a.compareTo(e) == 0 : expected.equals(actual);
        if (!same) {
            unbounded.add(name + " has " + actual + " instead of " + expected);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "COMMITMENT_MADE, dueAt, 1900-01-01T00:00:00Z, true",
        "COMMITMENT_MADE, dueAt, 8999-12-31T23:59:59.999999999Z, true",
        "COMMITMENT_MADE, dueAt, 9000-01-01T00:00:00Z, false",
        "COMMITMENT_MADE, dueAt, 1899-12-31T23:59:59Z, false",
        "COMMITMENT_MADE, occurredAt, 0001-01-01T00:00:00Z, false",
        "COMMITMENT_RENEGOTIATED, previousDueAt, 9999-12-31T23:59:59Z, false",
        "DEAL_OPENED, expectedCloseOn, 8999-12-31, true",
        "DEAL_OPENED, expectedCloseOn, 9000-01-01, false",
        "DEAL_STALLED, since, 1850-01-01T00:00:00Z, false",
    })
    void instantsAndDatesAreWithinTheLimits(EventType type, String field, String value, boolean valid) {
        ObjectNode payload = Samples.payload(type);
        payload.put(field, value);
        assertThat(ContractSchemas.validate(type, payload)).as("%s = %s", field, value).hasSize(valid ? 0 : 1);
    }

    @ParameterizedTest
    @CsvSource({
        "0, true",
        "999999999999999, true",
        "99999999999.9999, true",
        "1000000000000000, false",
        "0.00001, false",
        "-1, false",
        "1E+400, false",
        "1E+10000, false",
        "1E-10000, false",
        "12345678901234.56, false",
        "1.000000000000001, false",
        "99999999999999.0000, true",
    })
    void amountsAreWithinTheLimits(String amount, boolean valid) {
        for (EventType type : List.of(EventType.DEAL_OPENED, EventType.DEAL_CLOSED)) {
            ObjectNode payload = Samples.payload(type);
            payload.put("amount", new BigDecimal(amount));
            assertThat(ContractSchemas.validate(type, payload)).as("%s amount %s", type, amount).hasSize(valid ? 0 : 1);
        }
    }

    @Test
    void textHasNoControlCharactersAndBoundedLengths() {
        ObjectNode payload = Samples.payload(EventType.COMMITMENT_MADE);
        payload.put("description", "Agenda:\n\t- pricing\r\n\t- legal");
        ((ObjectNode) payload.get("madeBy")).put("name", "Dana 😀 Whitfield");
        assertThat(ContractSchemas.validate(EventType.COMMITMENT_MADE, payload)).isEmpty();

        for (String description : new String[] {"nul \u0000", "escape \u001b[31m", "next line \u0085", "ends in next line\u0085",
                "x".repeat(ContractLimits.MAX_TEXT_LENGTH + 1)}) {
            payload.put("description", description);
            assertThat(ContractSchemas.validate(EventType.COMMITMENT_MADE, payload)).as(description).hasSize(1);
        }
        payload.put("description", "unpaired \ud800 surrogate");
        assertThat(ContractSchemas.validate(EventType.COMMITMENT_MADE, payload)).containsExactly(
                "/description: contains an unpaired surrogate (not well-formed Unicode)");
        payload.put("description", "PLACEHOLDER");
        assertThat(ContractSchemas.validate("dev.momentum.commitment.made.v1",
                payload.toString().replace("PLACEHOLDER", "escaped \\udc00 in JSON text"))).hasSize(1);
        payload.put("description", "ok");
        for (String name : new String[] {"Dana\u0000", "Dana\nWhitfield", "Dana\tWhitfield", "Dana\n", "Dana\r\n", "Dana\udc00",
                "x".repeat(ContractLimits.MAX_NAME_LENGTH + 1)}) {
            ((ObjectNode) payload.get("madeBy")).put("name", name);
            assertThat(ContractSchemas.validate(EventType.COMMITMENT_MADE, payload)).as(name).isNotEmpty();
        }
    }

    @Test
    void theCodecRefusesToPublishWhatIsOutsideTheLimits() {
        DealOpened opened = (DealOpened) Samples.event(EventType.DEAL_OPENED);
        DealOpened huge = new DealOpened(opened.tenantId(), opened.dealId(), 0, opened.occurredAt(), opened.name(),
                null, null, new BigDecimal("1E+400"), "EUR", null, opened.pipeline(), opened.stages(), opened.stage(),
                null);
        assertThatThrownBy(() -> EventCodec.toCloudEvent("e-1", huge, EventSources.DEAL_SERVICE, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount");

        CommitmentMade made = (CommitmentMade) Samples.event(EventType.COMMITMENT_MADE);
        CommitmentMade farFuture = new CommitmentMade(made.tenantId(), made.dealId(), made.commitmentId(), 0,
                made.occurredAt(), made.category(), made.madeBy(), made.madeTo(),
                Instant.parse("9500-01-01T00:00:00Z"), "NUL \u0000 inside");
        assertThatThrownBy(() -> EventCodec.toCloudEvent("e-2", farFuture, EventSources.COMMITMENT_SERVICE, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dueAt").hasMessageContaining("description");
    }
}
