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
import java.math.BigDecimal;

/**
 * An amount the contract can carry (see {@link ContractLimits#isContractAmount}): from 0 to less
 * than 10^15, at most 4 decimal places and 15 significant digits, so that it survives a double.
 * {@code null} is valid (combine with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = Amount.Validator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface Amount {

    /** The default message; {@code ContractLimitsConstraintsTest} keeps it equal to the limits. */
    String MESSAGE = "must be a number from 0 to less than 1000000000000000 with at most 4 decimal places"
            + " and 15 significant digits";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Validates {@link Amount}. */
    class Validator implements ConstraintValidator<Amount, BigDecimal> {
        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            return value == null || ContractLimits.isContractAmount(value);
        }
    }
}
