package dev.momentum.analytics.api;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.momentum.analytics.query.Filters;
import dev.momentum.support.web.constraints.BusinessInstant;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;

/**
 * The filters every figure takes (query parameters); a blank value is an absent one.
 *
 * @param from inclusive, on the visit's entry (or the commitment's make)
 * @param to   exclusive, after {@code from}
 */
@FilterParams.ToAfterFrom
public record FilterParams(
        @Parameter(description = "the pipeline reported on (default: momentum.analytics.default-pipeline)")
        String pipeline,
        @Parameter(description = "inclusive, ISO instant, on the visit's entry or the commitment's make")
        @DateTimeFormat(iso = ISO.DATE_TIME)
        @BusinessInstant // beyond the contract's range Elasticsearch refuses the query (a 500 before)
        Instant from,
        @Parameter(description = "exclusive, ISO instant, after from")
        @DateTimeFormat(iso = ISO.DATE_TIME)
        @BusinessInstant
        Instant to,
        @Parameter(description = "only deals of this segment")
        String segment,
        @Parameter(description = "only deals of this owner")
        String owner) {

    /** The query filters of {@code tenantId}'s figures as of {@code now}. */
    public Filters resolve(String tenantId, String defaultPipeline, Instant now) {
        return new Filters(tenantId, blank(pipeline) ? defaultPipeline : pipeline, from, to,
                blank(segment) ? null : segment, blank(owner) ? null : owner, now);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** {@code to} after {@code from} when both are given; the error names {@code to}. */
    @Documented
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = ToAfterFrom.Check.class)
    public @interface ToAfterFrom {

        String message() default "must be after from";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Check implements ConstraintValidator<ToAfterFrom, FilterParams> {
            @Override
            public boolean isValid(FilterParams filters, ConstraintValidatorContext context) {
                if (filters.from() == null || filters.to() == null || filters.from().isBefore(filters.to())) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                        .addPropertyNode("to").addConstraintViolation();
                return false;
            }
        }
    }
}
