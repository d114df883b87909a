package dev.momentum.support.web.constraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.contracts.event.CommitmentMade;
import dev.momentum.contracts.event.DealClosed;
import dev.momentum.contracts.event.DealOpened;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.support.testing.ContractArbitraries;
import io.cloudevents.CloudEvent;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the contract constraints accept can be published (schema-valid CloudEvent), decoded
 * unchanged and projected (amounts survive a double, as in Elasticsearch and JavaScript); whatever
 * lies outside the limits is refused by the constraints, naming the field, and by the schemas.
 */
class ContractLimitsProperties {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    /** Reads numbers as doubles, as Elasticsearch and most JSON parsers do. */
    private static final ObjectMapper DOUBLES = new ObjectMapper();

    /** The shapes of request values: one of each constraint, with the lengths the APIs use. */
    record Values(
            @BusinessInstant Instant occurredAt,
            @BusinessInstant Instant dueAt,
            @BusinessDate LocalDate expectedCloseOn,
            @Amount BigDecimal amount,
            @Size(max = ContractLimits.MAX_NAME_LENGTH) @PlainText String name,
            @Size(max = ContractLimits.MAX_LABEL_LENGTH) @PlainText String stage,
            @Size(max = ContractLimits.MAX_TEXT_LENGTH) @PlainText(multiline = true) String note) {

        Values with(String field, Object value) {
            return new Values(
                    field.equals("occurredAt") ? (Instant) value : occurredAt,
                    field.equals("dueAt") ? (Instant) value : dueAt,
                    field.equals("expectedCloseOn") ? (LocalDate) value : expectedCloseOn,
                    field.equals("amount") ? (BigDecimal) value : amount,
                    field.equals("name") ? (String) value : name,
                    field.equals("stage") ? (String) value : stage,
                    field.equals("note") ? (String) value : note);
        }
    }

    /** One field outside the limits, the others within. */
    record Refused(Values values, String field) {
    }

    @Provide
    Arbitrary<Values> accepted() {
        return Combinators.combine(ContractArbitraries.instants(), ContractArbitraries.instants(),
                ContractArbitraries.dates(), ContractArbitraries.amounts(),
                ContractArbitraries.plainTextNotBlank(ContractLimits.MAX_NAME_LENGTH),
                ContractArbitraries.plainTextNotBlank(ContractLimits.MAX_LABEL_LENGTH),
                ContractArbitraries.multilineText(ContractLimits.MAX_TEXT_LENGTH)).as(Values::new);
    }

    @Provide
    Arbitrary<Refused> refused() {
        Arbitrary<Refused> instant = Combinators.combine(accepted(), ContractArbitraries.instantsOutside(),
                Arbitraries.of("occurredAt", "dueAt")).as((values, outside, field) ->
                new Refused(values.with(field, outside), field));
        Arbitrary<Refused> date = Combinators.combine(accepted(), ContractArbitraries.datesOutside())
                .as((values, outside) -> new Refused(values.with("expectedCloseOn", outside), "expectedCloseOn"));
        Arbitrary<Refused> amount = Combinators.combine(accepted(), ContractArbitraries.amountsOutside())
                .as((values, outside) -> new Refused(values.with("amount", outside), "amount"));
        Arbitrary<Refused> text = Arbitraries.oneOf(
                refusedText(ContractArbitraries.textWithControls(ContractLimits.MAX_NAME_LENGTH, false), "name"),
                refusedText(ContractArbitraries.textWithControls(ContractLimits.MAX_LABEL_LENGTH, false), "stage"),
                refusedText(ContractArbitraries.textWithControls(ContractLimits.MAX_TEXT_LENGTH, true), "note"));
        return Arbitraries.oneOf(instant, date, amount, text);
    }

    private Arbitrary<Refused> refusedText(Arbitrary<String> bad, String field) {
        return Combinators.combine(accepted(), bad).as((values, text) -> new Refused(values.with(field, text), field));
    }

    @Property(tries = 300)
    void whatTheConstraintsAcceptIsPublishedDecodedUnchangedAndSurvivesADouble(@ForAll("accepted") Values values)
            throws IOException {
        assertThat(VALIDATOR.validate(values)).isEmpty();

        DealOpened opened = new DealOpened("acme", "D-1", 0, values.occurredAt(), values.name(), values.name(),
                values.stage(), values.amount(), "EUR", values.name(), "buyer-journey", List.of(values.stage()),
                values.stage(), values.expectedCloseOn());
        JsonNode openedData = roundTrip(opened);
        assertThat(new BigDecimal(Double.toString(openedData.get("amount").doubleValue())))
                .isEqualByComparingTo(values.amount());

        roundTrip(new CommitmentMade("acme", "D-1", "C-1", 3, values.occurredAt(), CommitmentCategory.DEMO,
                Party.buyer(Role.CHAMPION, values.name()), Party.seller(Role.OTHER, null), values.dueAt(), values.note()));
        roundTrip(new DealClosed("acme", "D-1", 9, values.occurredAt(), "buyer-journey", values.stage(), DealOutcome.WON,
                values.note(), values.amount()));
    }

    @Property(tries = 300)
    void anythingOutsideTheLimitsIsRefusedNamingTheFieldAndTheSchemasRefuseItToo(@ForAll("refused") Refused refused) {
        Values values = refused.values();
        Set<String> fields = VALIDATOR.validate(values).stream().map(ConstraintViolation::getPropertyPath)
                .map(Object::toString).collect(Collectors.toSet());
        assertThat(fields).containsExactly(refused.field());

        MomentumEvent event = switch (refused.field()) {
            case "dueAt", "note" -> new CommitmentMade("acme", "D-1", "C-1", 0, values.occurredAt(),
                    CommitmentCategory.DEMO, Party.buyer(Role.CHAMPION, values.name()), Party.seller(Role.OTHER, null),
                    values.dueAt(), values.note());
            default -> new DealOpened("acme", "D-1", 0, values.occurredAt(), values.name(), null, null,
                    values.amount(), "EUR", null, "buyer-journey", List.of(values.stage()), values.stage(),
                    values.expectedCloseOn());
        };
        assertThatThrownBy(() -> EventCodec.toCloudEvent("e-1", event, EventSources.DEAL_SERVICE, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Encodes as the services publish, decodes as consumers do; the data as a double-reading parser sees it. */
    private static JsonNode roundTrip(MomentumEvent event) throws IOException {
        CloudEvent cloudEvent = EventCodec.toCloudEvent("e-1", event, EventSources.DEAL_SERVICE, Instant.now());
        // the same values (an amount may come back as 100000000000000 for 1E+14: equal, not identical)
        assertThat(EventCodec.decode(cloudEvent)).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(event);
        return DOUBLES.readTree(cloudEvent.getData().toBytes());
    }
}
