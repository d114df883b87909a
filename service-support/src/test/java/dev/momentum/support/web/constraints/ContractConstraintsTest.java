package dev.momentum.support.web.constraints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.ContractLimits;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContractConstraintsTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    record Sample(@BusinessInstant Instant at, @BusinessDate LocalDate on, @Amount BigDecimal amount,
                  @PlainText String name, @PlainText(multiline = true) String note, List<@PlainText String> stages) {
    }

    private static Set<String> invalid(Sample sample) {
        return VALIDATOR.validate(sample).stream().map(v -> v.getPropertyPath().toString())
                .collect(Collectors.toSet());
    }

    @Test
    void nullAndValuesWithinTheLimitsAreValid() {
        assertThat(invalid(new Sample(null, null, null, null, null, null))).isEmpty();
        assertThat(invalid(new Sample(ContractLimits.FIRST_INSTANT, ContractLimits.FIRST_DATE, BigDecimal.ZERO, "",
                "", List.of()))).isEmpty();
        assertThat(invalid(new Sample(ContractLimits.END_INSTANT.minusNanos(1), ContractLimits.END_DATE.minusDays(1),
                new BigDecimal("999999999999999"), "Dana 😀", "line\nline\ttab\r\n", List.of("Proposal")))).isEmpty();
    }

    @Test
    void valuesOutsideTheLimitsAreInvalid() {
        assertThat(invalid(new Sample(ContractLimits.END_INSTANT, ContractLimits.END_DATE,
                new BigDecimal("1E+400"), "a\u0000", "b\u0000", List.of("ok", "\u001b"))))
                .containsExactlyInAnyOrder("at", "on", "amount", "name", "note", "stages[1].<list element>");
        assertThat(invalid(new Sample(Instant.parse("1899-12-31T23:59:59Z"), LocalDate.parse("-0001-01-01"),
                new BigDecimal("1E-10000"), "a\nb", "\ud800", List.of())))
                .containsExactlyInAnyOrder("at", "on", "amount", "name", "note");
    }

    @Test
    void theMessagesStateTheLimits() {
        assertThat(BusinessInstant.MESSAGE).contains(ContractLimits.FIRST_INSTANT.toString())
                .contains(ContractLimits.END_INSTANT.toString());
        assertThat(BusinessDate.MESSAGE).contains(ContractLimits.FIRST_DATE.toString())
                .contains(ContractLimits.END_DATE.toString());
        assertThat(Amount.MESSAGE).contains(ContractLimits.AMOUNT_BOUND.toPlainString())
                .contains(ContractLimits.MAX_AMOUNT_SCALE + " decimal places")
                .contains(ContractLimits.MAX_AMOUNT_DIGITS + " significant digits");
        Set<ConstraintViolation<Sample>> violations = VALIDATOR.validate(new Sample(null, null, null, "\u0000", null, null));
        assertThat(violations).extracting(ConstraintViolation::getMessage).containsExactly(PlainText.MESSAGE);
    }
}
