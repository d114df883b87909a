package dev.momentum.support.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * A JSON value is read only as what it is: a number or boolean is not text, nor an enum constant, text is not a
 * number or boolean, a fraction is not an integer, an empty string is not an absent instant, date, number or enum. By default Jackson turns {@code "dealId": 12345} into "12345",
 * {@code "category": 0} into the first constant, {@code 2.7} into 2 and {@code "occurredAt": ""} into "now": a request the contract refuses would be
 * stored as something the client did not send. Refused instead as an unreadable body (400), and an import item
 * as {@code invalid}, since both read through the service's mapper.
 */
public final class StrictJsonInput implements Jackson2ObjectMapperBuilderCustomizer {

    @Override
    public void customize(Jackson2ObjectMapperBuilder builder) {
        builder.postConfigurer(StrictJsonInput::refuseCoercions);
    }

    /** The mapper itself, reading strictly. */
    public static ObjectMapper refuseCoercions(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("exact-enum-names").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription description, JsonDeserializer<?> deserializer) {
                return new ExactEnumNames(deserializer);
            }

            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return java.time.temporal.Temporal.class.isAssignableFrom(description.getBeanClass())
                        ? new ExactTemporals(deserializer) : deserializer;
            }
        }));
        // "{}" followed by anything is not JSON; Jackson stopped after the first value, so random bytes that began
        // with "{}" were an empty keep/miss/withdraw and changed a commitment (fault 6: FZ-C1 missed, then withdrawn)
        mapper.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.DateTime)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Instants and dates are ISO 8601 text, as the contract and the OpenAPI documents say. Jackson's java.time
     * deserializers also read a number as seconds since 1970 ({@code "occurredAt": 12345} became 1970-01-01T03:25:45Z)
     * and trim the text first, which drops every character up to U+0020: {@code "2025-01-01T00:00:00Z\u0000"} was
     * read as a valid instant (the fault-injection fuzzer's import items).
     */
    private static final class ExactTemporals extends DelegatingDeserializer {

        ExactTemporals(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ExactTemporals(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return ctxt.handleUnexpectedToken(handledType(), p.currentToken(), p,
                        "an instant or date is ISO 8601 text, not a number");
            }
            if (p.hasToken(JsonToken.VALUE_STRING) && !p.getText().equals(p.getText().trim())) {
                return ctxt.handleWeirdStringValue(handledType(), p.getText(), "not an ISO 8601 instant or date");
            }
            // Jackson reads "2025-01-01T00:00:00Z" as the date 2025-01-01: a date is a date, not an instant
            if (p.hasToken(JsonToken.VALUE_STRING) && handledType() == java.time.LocalDate.class
                    && p.getText().indexOf('T') >= 0) {
                return ctxt.handleWeirdStringValue(handledType(), p.getText(), "not an ISO 8601 date (YYYY-MM-DD)");
            }
            return super.deserialize(p, ctxt);
        }
    }

    /** Jackson trims an enum name before looking it up: {@code "KEPT\u0000"} would read as KEPT. */
    private static final class ExactEnumNames extends DelegatingDeserializer {

        ExactEnumNames(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ExactEnumNames(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING) && !p.getText().equals(p.getText().trim())) {
                return ctxt.handleWeirdStringValue(handledType(), p.getText(), "not one of the values accepted");
            }
            return super.deserialize(p, ctxt);
        }
    }
}
