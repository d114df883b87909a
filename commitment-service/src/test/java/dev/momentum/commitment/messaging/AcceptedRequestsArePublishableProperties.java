package dev.momentum.commitment.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.commitment.api.Requests.CreateCommitmentRequest;
import dev.momentum.commitment.api.Requests.ImportItem;
import dev.momentum.commitment.api.Requests.KeepRequest;
import dev.momentum.commitment.api.Requests.MissRequest;
import dev.momentum.commitment.api.Requests.OutcomeItem;
import dev.momentum.commitment.api.Requests.PartyRequest;
import dev.momentum.commitment.api.Requests.RenegotiateRequest;
import dev.momentum.commitment.api.Requests.RenegotiationItem;
import dev.momentum.commitment.api.Requests.WithdrawRequest;
import dev.momentum.commitment.domain.Commands.ImportCommitmentHistory;
import dev.momentum.commitment.domain.Commands.KeepCommitment;
import dev.momentum.commitment.domain.Commands.MakeCommitment;
import dev.momentum.commitment.domain.Commands.MissCommitment;
import dev.momentum.commitment.domain.Commands.Outcome;
import dev.momentum.commitment.domain.Commands.RenegotiateCommitment;
import dev.momentum.commitment.domain.Commands.Renegotiation;
import dev.momentum.commitment.domain.Commands.WithdrawCommitment;
import dev.momentum.commitment.domain.Commitment;
import dev.momentum.commitment.domain.CommitmentIds;
import dev.momentum.commitment.domain.CommitmentStatus;
import dev.momentum.commitment.domain.CommitmentTerms;
import dev.momentum.commitment.domain.Events;
import dev.momentum.commitment.domain.MissPolicy;
import dev.momentum.contracts.ContractLimits;
import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Party;
import dev.momentum.contracts.commitment.PartySide;
import dev.momentum.contracts.commitment.Role;
import dev.momentum.contracts.envelope.EventCodec;
import dev.momentum.contracts.envelope.EventSources;
import dev.momentum.contracts.event.MomentumEvent;
import dev.momentum.support.testing.ContractArbitraries;
import dev.momentum.support.testing.FixtureClock;
import io.cloudevents.CloudEvent;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;

/**
 * The rule of issue 12 for the commitment API: every request the API accepts, at and around the
 * contract's limits, gives events that the publisher's encoding (contract payload, CloudEvent,
 * JSON Schema) accepts and that decode unchanged; every request with a value outside the limits is
 * refused by Bean Validation, naming the field.
 */
class AcceptedRequestsArePublishableProperties {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final String TENANT = "acme";

    /** A commitment's make and one more step, as a client sends them. */
    record Life(CreateCommitmentRequest make, Object next) {
    }

    @Provide
    Arbitrary<PartyRequest> parties() {
        Arbitrary<PartySide> side = Arbitraries.of(PartySide.class);
        return Combinators.combine(side, Arbitraries.of(Role.class),
                        ContractArbitraries.plainText(ContractLimits.MAX_NAME_LENGTH).injectNull(0.2))
                .as((party, role, name) -> new PartyRequest(party, role.isAllowedFor(party) ? role : null, name));
    }

    @Provide
    Arbitrary<CreateCommitmentRequest> makes() {
        return Combinators.combine(Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
                                .withChars("._:-").ofMinLength(1).ofMaxLength(62),
                        Arbitraries.of(CommitmentCategory.class),
                        ContractArbitraries.multilineText(ContractLimits.MAX_TEXT_LENGTH).injectNull(0.2),
                        parties(), parties(), ContractArbitraries.instants(), ContractArbitraries.instants())
                .as((id, category, description, by, to, first, second) -> {
                    Instant occurredAt = first.isBefore(second) ? first : second;
                    Instant dueAt = first.isBefore(second) ? second : first;
                    return new CreateCommitmentRequest(id, "D-" + id, category, description, by, to, dueAt, occurredAt);
                });
    }

    @Provide
    Arbitrary<Life> lives() {
        Arbitrary<String> text = ContractArbitraries.multilineText(ContractLimits.MAX_TEXT_LENGTH).injectNull(0.2);
        return Combinators.combine(makes(), Arbitraries.integers().between(0, 3), ContractArbitraries.instants(),
                ContractArbitraries.instants(), text).as((make, kind, at, newDue, words) -> {
                    Instant when = at.isBefore(make.occurredAt()) ? make.occurredAt() : at;
                    Object next = switch (kind) {
                        case 0 -> new KeepRequest(when, words);
                        case 1 -> new MissRequest(when, words == null || words.isEmpty() ? null : words);
                        case 2 -> new RenegotiateRequest(newDue.isAfter(when) ? newDue : ContractLimits.END_INSTANT.minusNanos(1),
                                words, when);
                        default -> new WithdrawRequest(words, when);
                    };
                    return new Life(make, next);
                });
    }

    /**
     * A history import item: made at t0, due at t2, perhaps renegotiated at t1 to t3, then perhaps
     * an outcome at its due date (the latest instant at which every outcome is still allowed).
     */
    @Provide
    Arbitrary<ImportItem> imports() {
        Arbitrary<String> text = ContractArbitraries.multilineText(ContractLimits.MAX_TEXT_LENGTH).injectNull(0.2);
        Arbitrary<String> reason = ContractArbitraries.multilineText(ContractLimits.MAX_TEXT_LENGTH)
                .filter(r -> !r.isEmpty()).injectNull(0.2);
        Arbitrary<List<Instant>> times = ContractArbitraries.instants().list().ofSize(4).uniqueElements()
                .map(list -> list.stream().sorted().toList());
        Arbitrary<OutcomeItem> outcome = Combinators.combine(Arbitraries.of(CommitmentStatus.KEPT,
                CommitmentStatus.MISSED, CommitmentStatus.WITHDRAWN), reason, text)
                .as((status, why, evidence) -> new OutcomeItem(status, Instant.EPOCH, why, evidence)).injectNull(0.3);
        return Combinators.combine(makes(), times, reason, outcome, Arbitraries.of(true, false))
                .as((make, t, why, end, renegotiated) -> new ImportItem(make.commitmentId(), make.dealId(),
                        make.category(), make.description(), make.madeBy(), make.madeTo(), t.get(2), t.get(0),
                        renegotiated ? List.of(new RenegotiationItem(t.get(3), t.get(1), why)) : List.of(),
                        end == null ? null : new OutcomeItem(end.status(), t.get(renegotiated ? 3 : 2), end.reason(),
                                end.evidence())));
    }

    @Property(tries = 60)
    void everyAcceptedImportItemGivesEventsThatArePublishedAndDecodedUnchanged(@ForAll("imports") ImportItem item) {
        assertThat(VALIDATOR.validate(item)).isEmpty();
        AggregateTestFixture<Commitment> fixture = fixture();
        Instant last = item.outcome() != null ? item.outcome().occurredAt()
                : item.renegotiations().isEmpty() ? item.occurredAt() : item.renegotiations().get(0).occurredAt();
        fixture.givenCurrentTime(last).when(new ImportCommitmentHistory(TENANT, item.commitmentId(),
                new CommitmentTerms(item.dealId(), item.category(), item.description(), party(item.madeBy()),
                        party(item.madeTo()), item.dueAt()), item.occurredAt(),
                item.renegotiations().stream().map(r -> new Renegotiation(r.newDueAt(), r.occurredAt(), r.reason()))
                        .toList(),
                item.outcome() == null ? null : new Outcome(item.outcome().status(), item.outcome().occurredAt(),
                        item.outcome().reason(), item.outcome().evidence()),
                "fingerprint")).expectSuccessfulHandlerExecution();
        assertPublishable(fixture, item.commitmentId());
    }

    @Property(tries = 100)
    void everyAcceptedRequestGivesEventsThatArePublishedAndDecodedUnchanged(@ForAll("lives") Life life) {
        CreateCommitmentRequest make = life.make();
        Assume.that(make.dueAt().isAfter(make.occurredAt())); // otherwise answered 400 by the rules
        assertThat(VALIDATOR.validate(make)).isEmpty();
        assertThat(VALIDATOR.validate(life.next())).isEmpty();

        AggregateTestFixture<Commitment> fixture = fixture();
        CommitmentTerms terms = new CommitmentTerms(make.dealId(), make.category(), make.description(),
                party(make.madeBy()), party(make.madeTo()), make.dueAt());
        Instant nextAt = occurredAt(life.next());
        // "now" is never before business time: the API refuses occurredAt in the future
        fixture.givenCurrentTime(nextAt)
                .andGivenCommands(new MakeCommitment(TENANT, make.commitmentId(), terms, make.occurredAt()))
                .when(command(make.commitmentId(), life.next()));
        assertPublishable(fixture, make.commitmentId());
    }

    private static AggregateTestFixture<Commitment> fixture() {
        AggregateTestFixture<Commitment> fixture = new AggregateTestFixture<>(Commitment.class);
        fixture.registerInjectableResource(new MissPolicy(Duration.ZERO));
        fixture.registerInjectableResource(new FixtureClock(fixture::currentTime));
        return fixture;
    }

    /** Every stored commitment event, published as the publisher does and decoded as a consumer does. */
    private static void assertPublishable(AggregateTestFixture<Commitment> fixture, String commitmentId) {
        List<? extends DomainEventMessage<?>> stored = fixture.getEventStore()
                .readEvents(CommitmentIds.aggregateId(TENANT, commitmentId)).asStream().toList();
        assertThat(stored).isNotEmpty();
        for (DomainEventMessage<?> message : stored) {
            if (message.getPayload() instanceof Events.CommitmentEvent event) {
                MomentumEvent contract = ContractEvents.toContract(event, message.getSequenceNumber());
                CloudEvent published = EventCodec.toCloudEvent(message.getIdentifier(), contract,
                        EventSources.COMMITMENT_SERVICE, message.getTimestamp());
                assertThat(EventCodec.decode(published)).isEqualTo(contract);
            }
        }
    }

    /** One field of a valid request set to a value outside the limits. */
    record Refused(Object request, String field) {
    }

    @Provide
    Arbitrary<Refused> refused() {
        Arbitrary<Refused> dueAt = Combinators.combine(makes(), ContractArbitraries.instantsOutside()).as((m, bad) ->
                new Refused(new CreateCommitmentRequest(m.commitmentId(), m.dealId(), m.category(), m.description(),
                        m.madeBy(), m.madeTo(), bad, m.occurredAt()), "dueAt"));
        Arbitrary<Refused> occurredAt = Combinators.combine(makes(), ContractArbitraries.instantsOutside()).as((m, bad) ->
                new Refused(new CreateCommitmentRequest(m.commitmentId(), m.dealId(), m.category(), m.description(),
                        m.madeBy(), m.madeTo(), m.dueAt(), bad), "occurredAt"));
        Arbitrary<Refused> description = Combinators.combine(makes(),
                ContractArbitraries.textWithControls(ContractLimits.MAX_TEXT_LENGTH, true)).as((m, bad) ->
                new Refused(new CreateCommitmentRequest(m.commitmentId(), m.dealId(), m.category(), bad,
                        m.madeBy(), m.madeTo(), m.dueAt(), m.occurredAt()), "description"));
        Arbitrary<Refused> name = Combinators.combine(makes(),
                ContractArbitraries.textWithControls(ContractLimits.MAX_NAME_LENGTH, false)).as((m, bad) ->
                new Refused(new CreateCommitmentRequest(m.commitmentId(), m.dealId(), m.category(), m.description(),
                        new PartyRequest(m.madeBy().party(), m.madeBy().role(), bad), m.madeTo(), m.dueAt(),
                        m.occurredAt()), "madeBy.name"));
        Arbitrary<Refused> newDueAt = ContractArbitraries.instantsOutside().map(bad ->
                new Refused(new RenegotiateRequest(bad, null, null), "newDueAt"));
        Arbitrary<Refused> evidence = ContractArbitraries.textWithControls(ContractLimits.MAX_TEXT_LENGTH, true).map(bad ->
                new Refused(new KeepRequest(null, bad), "evidence"));
        Arbitrary<Refused> keptAt = ContractArbitraries.instantsOutside().map(bad ->
                new Refused(new KeepRequest(bad, null), "occurredAt"));
        // a missed commitment's reason is required by the contract: an empty one would not publish
        Arbitrary<Refused> emptyReason = Arbitraries.just(new Refused(new MissRequest(null, ""), "reason"));
        return Arbitraries.oneOf(dueAt, occurredAt, description, name, newDueAt, evidence, keptAt, emptyReason);
    }

    @Property(tries = 200)
    void everyRequestWithAValueOutsideTheLimitsIsRefusedNamingTheField(@ForAll("refused") Refused refused) {
        Set<String> fields = VALIDATOR.validate(refused.request()).stream().map(ConstraintViolation::getPropertyPath)
                .map(Object::toString).collect(Collectors.toSet());
        assertThat(fields).containsExactly(refused.field());
    }

    private static Party party(PartyRequest request) {
        return new Party(request.party(), request.role(), request.name());
    }

    private static Instant occurredAt(Object request) {
        if (request instanceof KeepRequest keep) {
            return keep.occurredAt();
        }
        if (request instanceof MissRequest miss) {
            return miss.occurredAt();
        }
        if (request instanceof RenegotiateRequest renegotiate) {
            return renegotiate.occurredAt();
        }
        return ((WithdrawRequest) request).occurredAt();
    }

    private static Object command(String id, Object request) {
        if (request instanceof KeepRequest keep) {
            return new KeepCommitment(TENANT, id, keep.occurredAt(), keep.evidence());
        }
        if (request instanceof MissRequest miss) {
            return new MissCommitment(TENANT, id, miss.occurredAt(), miss.reason());
        }
        if (request instanceof RenegotiateRequest renegotiate) {
            return new RenegotiateCommitment(TENANT, id, renegotiate.newDueAt(), renegotiate.reason(),
                    renegotiate.occurredAt());
        }
        WithdrawRequest withdraw = (WithdrawRequest) request;
        return new WithdrawCommitment(TENANT, id, withdraw.reason(), withdraw.occurredAt());
    }
}
