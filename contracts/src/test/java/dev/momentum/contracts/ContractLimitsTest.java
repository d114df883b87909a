package dev.momentum.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContractLimitsTest {

    @ParameterizedTest
    @CsvSource({
        "1900-01-01T00:00:00Z, true",
        "1899-12-31T23:59:59.999999999Z, false",
        "2025-03-21T17:00:00Z, true",
        "8999-12-31T23:59:59.999999999Z, true",
        "9000-01-01T00:00:00Z, false",
        "+10000-01-01T00:00:00Z, false",
        "-0001-01-01T00:00:00Z, false",
    })
    void instantsAreFrom1900ToBefore9000(String instant, boolean allowed) {
        assertThat(ContractLimits.isContractInstant(Instant.parse(instant))).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
        "1900-01-01, true",
        "1899-12-31, false",
        "8999-12-31, true",
        "9000-01-01, false",
        "+10000-01-01, false",
    })
    void datesAreFrom1900ToBefore9000(String date, boolean allowed) {
        assertThat(ContractLimits.isContractDate(LocalDate.parse(date))).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
        "0, true",
        "0.0000000, true",
        "48000.00, true",
        "0.0001, true",
        "999999999999999, true",
        "99999999999.9999, true",
        "1234567890123.45, true",
        "1E+14, true",
        "-0.01, false",
        "0.00001, false",
        "1.00001, false",
        "12345678901234.56, false",
        "1000000000000000, false",
        "1E+15, false",
        "1E+400, false",
        "1E+10000, false",
        "1E-10000, false",
    })
    void amountsAreNonNegativeBelow1e15WithFourDecimalsAndFifteenDigits(String amount, boolean allowed) {
        assertThat(ContractLimits.isContractAmount(new BigDecimal(amount))).isEqualTo(allowed);
    }

    @Test
    void everyAllowedAmountSurvivesADouble() {
        for (String amount : new String[] {"999999999999999", "99999999999.9999", "1234567890123.45", "0.0001",
                "0.1", "48000.07", "31415926535.8979"}) {
            BigDecimal decimal = new BigDecimal(amount);
            assertThat(ContractLimits.isContractAmount(decimal)).as(amount).isTrue();
            assertThat(new BigDecimal(Double.toString(decimal.doubleValue()))).as(amount).isEqualByComparingTo(decimal);
        }
    }

    @Test
    void textHasNoControlCharactersNorUnpairedSurrogates() {
        assertThat(ContractLimits.isPlainText("Dana Whitfield, Contoso — Ünïcødé 😀", false)).isTrue();
        assertThat(ContractLimits.isPlainText("", false)).isTrue();
        for (String bad : new String[] {"\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u009f",
                "\ud83d", "x\ud83d", "\ude00x", "\ude00\ud83d"}) {
            assertThat(ContractLimits.isPlainText(bad, false)).as("%s", bad.codePoints().boxed().toList()).isFalse();
            assertThat(ContractLimits.isPlainText(bad, true)).as("%s", bad.codePoints().boxed().toList()).isFalse();
        }
        for (String lines : new String[] {"a\nb", "a\r\nb", "col\tcol", "end\n"}) {
            assertThat(ContractLimits.isPlainText(lines, false)).as(lines).isFalse();
            assertThat(ContractLimits.isPlainText(lines, true)).as(lines).isTrue();
        }
    }
}
