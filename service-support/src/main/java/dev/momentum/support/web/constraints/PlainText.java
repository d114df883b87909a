package dev.momentum.support.web.constraints;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.momentum.contracts.ContractLimits;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text the contract can carry (see {@link ContractLimits#isPlainText}): no control character
 * (NUL, escape, ...) and no unpaired surrogate; with {@link #multiline()} tab, line feed and
 * carriage return are allowed. {@code null} is valid. Lengths are {@code @Size}'s.
 */
@Documented
@Constraint(validatedBy = PlainText.Validator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface PlainText {

    /** The default message. */
    String MESSAGE = "must not contain control characters (tab and line breaks only in descriptions, reasons and"
            + " evidence) nor unpaired surrogates";

    String message() default MESSAGE;

    /** Whether tab, line feed and carriage return are allowed (descriptions, reasons, evidence). */
    boolean multiline() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Validates {@link PlainText}. */
    class Validator implements ConstraintValidator<PlainText, CharSequence> {
        private boolean multiline;

        @Override
        public void initialize(PlainText annotation) {
            multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || ContractLimits.isPlainText(value.toString(), multiline);
        }
    }
}
