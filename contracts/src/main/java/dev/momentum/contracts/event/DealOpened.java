package dev.momentum.contracts.event;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code dev.momentum.deal.opened.v1}: a deal entered a pipeline.
 *
 * @param name the deal's name
 * @param account the buying company, if known
 * @param segment the market segment, if known
 * @param amount the expected deal value, if known
 * @param currency ISO 4217 code of {@code amount}
 * @param owner the seller who owns the deal, if assigned
 * @param stages the pipeline's stage names in order; a deal keeps the stages it opened with, so
 *     consumers can order stages without asking the deal-service
 * @param stage the stage the deal opened in, one of {@code stages}
 * @param expectedCloseOn the expected close date, if known
 */
public record DealOpened(
        String tenantId,
        String dealId,
        long sequence,
        Instant occurredAt,
        String name,
        String account,
        String segment,
        BigDecimal amount,
        String currency,
        String owner,
        String pipeline,
        List<String> stages,
        String stage,
        LocalDate expectedCloseOn)
        implements DealEvent {

    public DealOpened {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(dealId, "dealId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(name, "name");
        requireNonNull(pipeline, "pipeline");
        requireNonNull(stage, "stage");
        stages = List.copyOf(requireNonNull(stages, "stages"));
        if (!stages.contains(stage)) {
            throw new IllegalArgumentException("Stage '" + stage + "' is not one of the pipeline's stages " + stages);
        }
    }
}
