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
import java.time.LocalDate;

/**
 * A date the contract can carry: from {@link ContractLimits#FIRST_DATE} (inclusive) to
 * {@link ContractLimits#END_DATE} (exclusive). {@code null} is valid (combine with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = BusinessDate.Validator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface BusinessDate {

    /** The default message; {@code ContractLimitsConstraintsTest} keeps it equal to the limits. */
    String MESSAGE = "must be from 1900-01-01 to before 9000-01-01";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Validates {@link BusinessDate}. */
    class Validator implements ConstraintValidator<BusinessDate, LocalDate> {
        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            return value == null || ContractLimits.isContractDate(value);
        }
    }
}
