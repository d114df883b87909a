package dev.momentum.support.web.constraints;

import dev.momentum.contracts.ContractLimits;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import org.springdoc.core.customizers.PropertyCustomizer;

/**
 * Shows the contract constraints ({@link BusinessInstant}, {@link BusinessDate}, {@link Amount},
 * {@link PlainText}) in the OpenAPI documents, as springdoc does for the standard Bean Validation
 * annotations: patterns, bounds and a sentence in the description.
 */
public class ConstraintsInOpenApi implements PropertyCustomizer {

    static final String INSTANT_RANGE = "From 1900-01-01T00:00:00Z (inclusive) to 9000-01-01T00:00:00Z (exclusive).";
    static final String DATE_RANGE = "From 1900-01-01 (inclusive) to 9000-01-01 (exclusive).";
    static final String AMOUNT_RANGE = "From 0 to less than 10^15, at most 4 decimal places and 15 significant digits.";

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema customize(Schema property, AnnotatedType type) {
        if (property == null || type.getCtxAnnotations() == null) {
            return property;
        }
        for (Annotation annotation : type.getCtxAnnotations()) {
            if (annotation instanceof BusinessInstant || annotation instanceof BusinessDate) {
                if (property.getPattern() == null) {
                    property.setPattern(ContractLimits.YEAR_PATTERN);
                }
                describe(property, annotation instanceof BusinessInstant ? INSTANT_RANGE : DATE_RANGE);
            } else if (annotation instanceof Amount) {
                property.setMinimum(BigDecimal.ZERO);
                if (property.getSpecVersion() == SpecVersion.V31) {
                    property.setExclusiveMaximumValue(ContractLimits.AMOUNT_BOUND);
                } else {
                    property.setMaximum(ContractLimits.AMOUNT_BOUND);
                    property.setExclusiveMaximum(true);
                }
                property.setMultipleOf(ContractLimits.AMOUNT_STEP);
                describe(property, AMOUNT_RANGE);
            } else if (annotation instanceof PlainText plain && property.getPattern() == null) {
                property.setPattern(plain.multiline() ? ContractLimits.MULTILINE_TEXT_PATTERN
                        : ContractLimits.PLAIN_TEXT_PATTERN);
            }
        }
        return property;
    }

    private static void describe(Schema<?> property, String sentence) {
        String description = property.getDescription();
        if (description == null || description.isBlank()) {
            property.setDescription(sentence);
        } else if (!description.contains(sentence)) {
            property.setDescription(description + (description.endsWith(".") ? " " : ". ") + sentence);
        }
    }
}
