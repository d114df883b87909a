package dev.momentum.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.momentum.contracts.EventType;
import dev.momentum.contracts.Samples;
import dev.momentum.contracts.json.ContractJson;
import dev.momentum.contracts.schema.ContractSchemas;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keeps the records and the JSON Schemas from drifting apart. */
class RecordSchemaAlignmentTest {

    private final ObjectMapper json = ContractJson.mapper();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordWritesExactlyTheSchemaProperties(EventType type) {
        BeanDescription description =
                json.getSerializationConfig().introspect(json.constructType(type.payloadType()));
        Set<String> written = new HashSet<>();
        description.findProperties().stream()
                .filter(BeanPropertyDefinition::couldSerialize)
                .forEach(property -> written.add(property.getName()));

        Set<String> specified = new HashSet<>();
        Samples.schema(type).get("properties").fieldNames().forEachRemaining(specified::add);

        assertThat(written).isEqualTo(specified);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordWithOnlyRequiredFieldsIsValid(EventType type) throws Exception {
        Set<String> required = required(type);
        MomentumEvent sample = Samples.event(type);
        RecordComponent[] components = type.payloadType().getRecordComponents();
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            boolean optional = !components[i].getType().isPrimitive() && !required.contains(components[i].getName());
            arguments[i] = optional ? null : components[i].getAccessor().invoke(sample);
        }
        MomentumEvent minimal = (MomentumEvent) canonicalConstructor(type).newInstance(arguments);

        assertThat(ContractSchemas.validate(type, json.valueToTree(minimal))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordRejectsNullForEveryRequiredFieldAndOnlyThose(EventType type) throws Exception {
        Set<String> required = required(type);
        MomentumEvent sample = Samples.event(type);
        RecordComponent[] components = type.payloadType().getRecordComponents();
        for (int nulled = 0; nulled < components.length; nulled++) {
            if (components[nulled].getType().isPrimitive()) {
                continue;
            }
            Object[] arguments = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                arguments[i] = i == nulled ? null : components[i].getAccessor().invoke(sample);
            }
            String name = components[nulled].getName();
            Constructor<?> constructor = canonicalConstructor(type);
            if (required.contains(name)) {
                assertThat(construct(constructor, arguments)).as("null %s", name).isInstanceOf(NullPointerException.class);
            } else {
                assertThatCode(() -> constructor.newInstance(arguments)).as("null %s", name).doesNotThrowAnyException();
            }
        }
    }

    private static Set<String> required(EventType type) {
        Set<String> required = new HashSet<>();
        Samples.schema(type).get("required").forEach(field -> required.add(field.asText()));
        return required;
    }

    private static Constructor<?> canonicalConstructor(EventType type) throws NoSuchMethodException {
        Class<?>[] parameterTypes = Arrays.stream(type.payloadType().getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        return type.payloadType().getDeclaredConstructor(parameterTypes);
    }

    private static Throwable construct(Constructor<?> constructor, Object[] arguments) throws Exception {
        try {
            constructor.newInstance(arguments);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }
}
