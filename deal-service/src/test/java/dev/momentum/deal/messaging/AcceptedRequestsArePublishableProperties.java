package dev.momentum.deal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.deal.DealOutcome;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.contracts.journey.StallPolicy;
import dev.momentum.deal.api.Requests.CloseRequest;
import dev.momentum.deal.api.Requests.ExpectedCloseItem;
import dev.momentum.deal.api.Requests.ExpectedCloseRequest;
import dev.momentum.deal.api.Requests.ImportItem;
import dev.momentum.deal.api.Requests.OpenDealRequest;
import dev.momentum.deal.api.Requests.OutcomeItem;
import dev.momentum.deal.api.Requests.PipelineRequest;
import dev.momentum.deal.api.Requests.StageItem;
import dev.momentum.deal.api.Requests.StageRequest;
import dev.momentum.deal.domain.Commands.ChangeExpectedClose;
import dev.momentum.deal.domain.Commands.ChangeStage;
import dev.momentum.deal.domain.Commands.CloseDeal;
import dev.momentum.deal.domain.Commands.ExpectedCloseStep;
import dev.momentum.deal.domain.Commands.ImportDealHistory;
import dev.momentum.deal.domain.Commands.OpenDeal;
import dev.momentum.deal.domain.Commands.Outcome;
import dev.momentum.deal.domain.Commands.StageStep;
import dev.momentum.deal.domain.Deal;
import dev.momentum.deal.domain.DealIds;
import dev.momentum.deal.domain.DealTerms;
import dev.momentum.deal.domain.Events;
import dev.momentum.deal.domain.Pipelines;
import dev.momentum.support.testing.ContractArbitraries;
import dev.momentum.support.testing.FixtureClock;
import io.cloudevents.CloudEvent;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;

/**
 * The rule of issue 12 for the deal API: every request the API accepts, at and around the
 * contract's limits, gives events (stalls and revivals included) that the publisher's encoding
 * (contract payload, CloudEvent, JSON Schema) accepts, that decode unchanged and whose amounts
 * survive a double; every request with a value outside the limits is refused by Bean Validation,
 * naming the field.
 */
class AcceptedRequestsArePublishableProperties {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final String TENANT = "acme";

    /** A pipeline (the built-in one or one a client defined) and a deal's open and next step in it. */
    record Life(List<String> stages, OpenDealRequest open, Object next) {
    }

    @Provide
    Arbitrary<List<String>> pipelines() {
        Arbitrary<List<String>> custom = ContractArbitraries.plainTextNotBlank(ContractLimits.MAX_LABEL_LENGTH)
                .list().ofMinSize(1).ofMaxSize(ContractLimits.MAX_STAGES).uniqueElements();
        return Arbitraries.oneOf(Arbitraries.just(Pipelines.BUYER_JOURNEY_STAGES), custom);
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
                .withChars("._:-").ofMinLength(1).ofMaxLength(ContractLimits.MAX_ID_LENGTH);
    }

    private static Arbitrary<OpenDealRequest> opens(List<String> stages) {
        Arbitrary<String> name = ContractArbitraries.plainText(ContractLimits.MAX_NAME_LENGTH).injectNull(0.2);
        return Combinators.combine(ids(),
                        ContractArbitraries.plainTextNotBlank(ContractLimits.MAX_NAME_LENGTH), name,
                        ContractArbitraries.plainText(ContractLimits.MAX_LABEL_LENGTH).injectNull(0.2),
                        ContractArbitraries.amounts().injectNull(0.2), name, Arbitraries.of(stages),
                        Combinators.combine(ContractArbitraries.dates().injectNull(0.2), ContractArbitraries.instants())
                                .as(Tuple::of))
                .as((id, dealName, account, segment, amount, owner, stage, closeOnAndAt) -> new OpenDealRequest(id,
                        dealName, account, segment, amount, amount == null ? null : "EUR", owner, null, stage,
                        closeOnAndAt.get1(), closeOnAndAt.get2()));
    }

    @Provide
    Arbitrary<Life> lives() {
        return pipelines().flatMap(stages -> Combinators.combine(opens(stages), Arbitraries.integers().between(0, 2),
                Arbitraries.of(stages), ContractArbitraries.instants(), ContractArbitraries.dates(),
                ContractArbitraries.amounts().injectNull(0.3),
                ContractArbitraries.multilineText(ContractLimits.MAX_TEXT_LENGTH).injectNull(0.3),
                Arbitraries.of(DealOutcome.class)).as((open, kind, stage, at, date, amount, reason, outcome) -> {
                    Instant when = at.isBefore(open.occurredAt()) ? open.occurredAt() : at;
                    Object next = switch (kind) {
                        case 0 -> new StageRequest(stage, when);
                        case 1 -> new ExpectedCloseRequest(date, when);
                        default -> new CloseRequest(outcome, reason, amount, when);
                    };
                    return new Life(stages, open, next);
                }));
    }

    @Property(tries = 100)
    void everyAcceptedRequestGivesEventsThatArePublishedAndDecodedUnchanged(@ForAll("lives") Life life) {
        OpenDealRequest open = life.open();
        assertThat(VALIDATOR.validate(new PipelineRequest(life.stages()))).isEmpty();
        assertThat(VALIDATOR.validate(open)).isEmpty();
        assertThat(VALIDATOR.validate(life.next())).isEmpty();

        AggregateTestFixture<Deal> fixture = fixture();
        Instant nextAt = occurredAt(life.next());
        // "now" is never before business time: the API refuses occurredAt in the future
        fixture.givenCurrentTime(nextAt)
                .andGivenCommands(new OpenDeal(TENANT, open.dealId(), terms(open), "sales", life.stages(),
                        open.stage(), open.expectedCloseOn(), open.occurredAt()))
                .when(command(open.dealId(), life.next()))
                .expectSuccessfulHandlerExecution();
        assertPublishable(fixture, open.dealId());
    }

    /** A history import item: opened at t0, a stage change at t1, a close date change at t2, perhaps closed at t3. */
    @Provide
    Arbitrary<ImportItem> imports() {
        return Combinators.combine(opens(Pipelines.BUYER_JOURNEY_STAGES),
                        ContractArbitraries.instants().list().ofSize(4).uniqueElements()
                                .map(times -> times.stream().sorted().toList()),
                        Arbitraries.of(Pipelines.BUYER_JOURNEY_STAGES), ContractArbitraries.dates(),
                        ContractArbitraries.amounts().injectNull(0.3),
                        ContractArbitraries.multilineText(ContractLimits.MAX_TEXT_LENGTH).injectNull(0.3),
                        Arbitraries.of(DealOutcome.class).injectNull(0.3))
                .as((open, t, stage, date, amount, reason, outcome) -> new ImportItem(open.dealId(), open.name(),
                        open.account(), open.segment(), open.amount(), open.currency(), open.owner(), null,
                        open.stage(), open.expectedCloseOn(), t.get(0), List.of(new StageItem(stage, t.get(1))),
                        List.of(new ExpectedCloseItem(date, t.get(2))),
                        outcome == null ? null : new OutcomeItem(outcome, t.get(3), reason, amount)));
    }

    @Property(tries = 60)
    void everyAcceptedImportItemGivesEventsThatArePublishedAndDecodedUnchanged(@ForAll("imports") ImportItem item) {
        assertThat(VALIDATOR.validate(item)).isEmpty();
        AggregateTestFixture<Deal> fixture = fixture();
        Instant last = item.outcome() != null ? item.outcome().occurredAt()
                : item.expectedCloseChanges().get(0).occurredAt();
        fixture.givenCurrentTime(last).when(new ImportDealHistory(TENANT, item.dealId(),
                new DealTerms(item.name(), item.account(), item.segment(), item.amount(), item.currency(), item.owner()),
                Pipelines.BUYER_JOURNEY, Pipelines.BUYER_JOURNEY_STAGES,
                item.stage() == null ? Pipelines.BUYER_JOURNEY_STAGES.get(0) : item.stage(), item.expectedCloseOn(),
                item.occurredAt(), item.stages().stream().map(s -> new StageStep(s.stage(), s.occurredAt())).toList(),
                item.expectedCloseChanges().stream()
                        .map(c -> new ExpectedCloseStep(c.expectedCloseOn(), c.occurredAt())).toList(),
                item.outcome() == null ? null : new Outcome(item.outcome().outcome(), item.outcome().occurredAt(),
                        item.outcome().reason(), item.outcome().amount()),
                "fingerprint")).expectSuccessfulHandlerExecution();
        assertPublishable(fixture, item.dealId());
    }

    /** One field of a valid request set to a value outside the limits. */
    record Refused(Object request, String field) {
    }

    @Provide
    Arbitrary<Refused> refused() {
        Arbitrary<OpenDealRequest> opens = opens(Pipelines.BUYER_JOURNEY_STAGES);
        Arbitrary<Refused> amount = Combinators.combine(opens, ContractArbitraries.amountsOutside()).as((o, bad) ->
                new Refused(new OpenDealRequest(o.dealId(), o.name(), o.account(), o.segment(), bad, o.currency(),
                        o.owner(), o.pipeline(), o.stage(), o.expectedCloseOn(), o.occurredAt()), "amount"));
        Arbitrary<Refused> closeOn = Combinators.combine(opens, ContractArbitraries.datesOutside()).as((o, bad) ->
                new Refused(new OpenDealRequest(o.dealId(), o.name(), o.account(), o.segment(), o.amount(),
                        o.currency(), o.owner(), o.pipeline(), o.stage(), bad, o.occurredAt()), "expectedCloseOn"));
        Arbitrary<Refused> openedAt = Combinators.combine(opens, ContractArbitraries.instantsOutside()).as((o, bad) ->
                new Refused(new OpenDealRequest(o.dealId(), o.name(), o.account(), o.segment(), o.amount(),
                        o.currency(), o.owner(), o.pipeline(), o.stage(), o.expectedCloseOn(), bad), "occurredAt"));
        Arbitrary<Refused> name = Combinators.combine(opens,
                ContractArbitraries.textWithControls(ContractLimits.MAX_NAME_LENGTH, false)).as((o, bad) ->
                new Refused(new OpenDealRequest(o.dealId(), bad, o.account(), o.segment(), o.amount(), o.currency(),
                        o.owner(), o.pipeline(), o.stage(), o.expectedCloseOn(), o.occurredAt()), "name"));
        Arbitrary<Refused> segment = Combinators.combine(opens,
                ContractArbitraries.textWithControls(ContractLimits.MAX_LABEL_LENGTH, false)).as((o, bad) ->
                new Refused(new OpenDealRequest(o.dealId(), o.name(), o.account(), bad, o.amount(), o.currency(),
                        o.owner(), o.pipeline(), o.stage(), o.expectedCloseOn(), o.occurredAt()), "segment"));
        Arbitrary<Refused> closingAmount = ContractArbitraries.amountsOutside().map(bad ->
                new Refused(new CloseRequest(DealOutcome.WON, null, bad, null), "amount"));
        Arbitrary<Refused> closingReason = ContractArbitraries.textWithControls(ContractLimits.MAX_TEXT_LENGTH, true)
                .map(bad -> new Refused(new CloseRequest(DealOutcome.LOST, bad, null, null), "reason"));
        Arbitrary<Refused> newCloseOn = ContractArbitraries.datesOutside().map(bad ->
                new Refused(new ExpectedCloseRequest(bad, null), "expectedCloseOn"));
        Arbitrary<Refused> stage = ContractArbitraries.textWithControls(ContractLimits.MAX_LABEL_LENGTH, false)
                .filter(bad -> !bad.isBlank()).map(bad -> new Refused(new StageRequest(bad, null), "stage"));
        Arbitrary<Refused> pipelineStage = ContractArbitraries.textWithControls(ContractLimits.MAX_LABEL_LENGTH, false)
                .filter(bad -> !bad.isBlank()).map(bad ->
                        new Refused(new PipelineRequest(List.of("FIRST", bad)), "stages[1].<list element>"));
        return Arbitraries.oneOf(amount, closeOn, openedAt, name, segment, closingAmount, closingReason, newCloseOn,
                stage, pipelineStage);
    }

    @Property(tries = 200)
    void everyRequestWithAValueOutsideTheLimitsIsRefusedNamingTheField(@ForAll("refused") Refused refused) {
        Set<String> fields = VALIDATOR.validate(refused.request()).stream().map(ConstraintViolation::getPropertyPath)
                .map(Object::toString).collect(Collectors.toSet());
        assertThat(fields).containsExactly(refused.field());
    }

    private static AggregateTestFixture<Deal> fixture() {
        AggregateTestFixture<Deal> fixture = new AggregateTestFixture<>(Deal.class);
        fixture.registerInjectableResource(StallPolicy.withDefaults());
        fixture.registerInjectableResource(new FixtureClock(fixture::currentTime));
        return fixture;
    }

    /** Every stored deal event, published as the publisher does and decoded as a consumer does. */
    private static void assertPublishable(AggregateTestFixture<Deal> fixture, String dealId) {
        List<? extends DomainEventMessage<?>> stored = fixture.getEventStore()
                .readEvents(DealIds.aggregateId(TENANT, dealId)).asStream().toList();
        assertThat(stored).isNotEmpty();
        for (DomainEventMessage<?> message : stored) {
            if (message.getPayload() instanceof Events.DealEvent event) {
                MomentumEvent contract = event.toContract(message.getSequenceNumber());
                CloudEvent published = EventCodec.toCloudEvent(message.getIdentifier(), contract,
                        EventSources.DEAL_SERVICE, message.getTimestamp());
                assertThat(EventCodec.decode(published)).usingRecursiveComparison()
                        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(contract);
            }
        }
    }

    private static DealTerms terms(OpenDealRequest open) {
        return new DealTerms(open.name(), open.account(), open.segment(), open.amount(), open.currency(), open.owner());
    }

    private static Instant occurredAt(Object request) {
        if (request instanceof StageRequest stage) {
            return stage.occurredAt();
        }
        if (request instanceof ExpectedCloseRequest close) {
            return close.occurredAt();
        }
        return ((CloseRequest) request).occurredAt();
    }

    private static Object command(String id, Object request) {
        if (request instanceof StageRequest stage) {
            return new ChangeStage(TENANT, id, stage.stage(), stage.occurredAt());
        }
        if (request instanceof ExpectedCloseRequest close) {
            return new ChangeExpectedClose(TENANT, id, close.expectedCloseOn(), close.occurredAt());
        }
        CloseRequest close = (CloseRequest) request;
        return new CloseDeal(TENANT, id, close.outcome(), close.reason(), close.amount(), close.occurredAt());
    }
}
