package dev.momentum.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Instants and dates are read only from ISO 8601 text, exactly as sent (fault 6 of the fault-injection suite). */
class StrictJsonInputTest {

    record Item(Instant occurredAt, LocalDate expectedCloseOn) {
    }

    private final ObjectMapper json = StrictJsonInput.refuseCoercions(JsonMapper.builder().findAndAddModules().build());

    @Test
    void anInstantOrADateIsIsoTextAsSent() throws Exception {
        Item item = json.readValue("{\"occurredAt\":\"2025-01-01T00:00:00Z\",\"expectedCloseOn\":\"2025-02-01\"}", Item.class);
        assertThat(item).isEqualTo(new Item(Instant.parse("2025-01-01T00:00:00Z"), LocalDate.parse("2025-02-01")));
    }

    @Test
    void aNumberIsNotAnInstantNorADate() {
        // Jackson read 12345 as seconds since 1970, and a date from a number too
        assertThatThrownBy(() -> json.readValue("{\"occurredAt\":12345}", Item.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"occurredAt\":1.5}", Item.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"expectedCloseOn\":20250201}", Item.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void controlCharactersOrSpacesAroundAnInstantOrADateAreNotTrimmedAway() {
        // Jackson trimmed everything up to U+0020: "...Z\u0000" read as a valid instant
        assertThatThrownBy(() -> json.readValue("{\"occurredAt\":\"2025-01-01T00:00:00Z\\u0000\"}", Item.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"occurredAt\":\" 2025-01-01T00:00:00Z\"}", Item.class))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> json.readValue("{\"expectedCloseOn\":\"2025-02-01\\u0007\"}", Item.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void anInstantIsNotADate() {
        // Jackson read "2025-01-01T00:00:00Z" as the date 2025-01-01 (fault 6: a deal's expectedCloseOn)
        assertThatThrownBy(() -> json.readValue("{\"expectedCloseOn\":\"2025-01-01T00:00:00Z\"}", Item.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    record Withdraw(String reason) {
    }

    @Test
    void aBodyIsOneJsonValueWithNothingAfterIt() throws Exception {
        // Jackson stopped after the first value: "{}" and random bytes after it read as an empty body (fault 6)
        assertThatThrownBy(() -> json.readValue("{}\u0001\u00ff garbage", Withdraw.class))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
        assertThatThrownBy(() -> json.readerFor(Withdraw.class).readValue("{} {}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(MismatchedInputException.class);
        assertThat(json.readValue(" {\"reason\":\"x\"} \n", Withdraw.class)).isEqualTo(new Withdraw("x"));
    }
}
