package dev.momentum.deal.domain;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import dev.momentum.contracts.journey.DealFact;
import dev.momentum.contracts.json.ContractJson;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How this service stores a contract {@link DealFact} as JSON (in the event store and in the
 * {@code deal_fact.fact} column): the record's fields plus {@code "type"}, the simple name of the
 * record ({@code "CommitmentMissed"}). The names come from the contract's sealed interface, so a
 * fact read back is the very fact {@link dev.momentum.contracts.journey.DealFacts} made.
 */
public final class DealFactJson {

    private static final ObjectMapper MAPPER = ContractJson.mapper().copy().addMixIn(DealFact.class, TypedMixin.class);

    private DealFactJson() {
    }

    /** Put on a {@link DealFact} property of a stored record: it is written and read with its {@code "type"}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @JacksonAnnotationsInside
    @JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonTypeIdResolver(TypeIds.class)
    public @interface Typed {
    }

    @Typed
    private interface TypedMixin {
    }

    public static String write(DealFact fact) {
        try {
            return MAPPER.writerFor(DealFact.class).writeValueAsString(fact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + fact, e);
        }
    }

    public static DealFact read(String json) {
        try {
            return MAPPER.readValue(json, DealFact.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a stored deal fact: " + json, e);
        }
    }

    /** Type ids: the simple names of the contract's {@link DealFact} records. */
    static final class TypeIds extends TypeIdResolverBase {

        private static final Map<String, Class<?>> TYPES = Arrays.stream(DealFact.class.getPermittedSubclasses())
                .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

        @Override
        public String idFromValue(Object value) {
            return idFromValueAndType(value, value.getClass());
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> type) {
            return type.getSimpleName();
        }

        /** Null for an unknown id, which Jackson reports with {@link #getDescForKnownTypeIds()}. */
        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            Class<?> type = TYPES.get(id);
            return type == null ? null : context.constructType(type);
        }

        @Override
        public String getDescForKnownTypeIds() {
            return String.join(", ", new TreeSet<>(TYPES.keySet()));
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }
}
