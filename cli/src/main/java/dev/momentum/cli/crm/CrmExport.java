package dev.momentum.cli.crm;

import dev.momentum.client.ImportItems.DealItem;
import dev.momentum.client.ImportItems.DealOutcome;
import dev.momentum.contracts.api.Ids;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a CRM opportunity export (sales_pipeline.csv, accounts.csv) and turns each row it can
 * place into a deal of pipeline {@code crm}: opened at its engage date in {@code Engaging},
 * closed Won/Lost at its close date with its close value. What it cannot place is rejected with a
 * reason; what it had to correct is counted. Nothing is dropped silently.
 */
public final class CrmExport {

    public static final String PIPELINE = "crm";
    public static final List<String> STAGES = List.of("Prospecting", "Engaging");

    /** Known misspellings in exports of this kind, corrected and counted. */
    private static final Map<String, String> SECTOR_FIXES = Map.of("technolgy", "technology");
    private static final Map<String, String> PRODUCT_FIXES = Map.of("GTXPro", "GTX Pro");

    public record Reject(Map<String, String> row, String reason) {
    }

    public record Mapped(List<DealItem> deals, List<Reject> rejects, Map<String, Integer> rejectedByReason,
                         Map<String, Integer> corrections, int rows) {
    }

    private CrmExport() {
    }

    public static Mapped read(Path dir) throws IOException {
        Path pipeline = dir.resolve("sales_pipeline.csv");
        if (!Files.isRegularFile(pipeline)) {
            throw new IOException("no sales_pipeline.csv in " + dir);
        }
        Map<String, String> sectors = new HashMap<>();
        Path accounts = dir.resolve("accounts.csv");
        if (Files.isRegularFile(accounts)) {
            for (Map<String, String> account : Csv.read(accounts)) {
                sectors.put(account.get("account"), account.get("sector"));
            }
        }
        return map(Csv.read(pipeline), sectors);
    }

    static Mapped map(List<Map<String, String>> rows, Map<String, String> sectors) {
        List<DealItem> deals = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        Map<String, Integer> rejected = new TreeMap<>();
        Map<String, Integer> corrections = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map<String, String> row : rows) {
            String reason = null;
            DealItem deal = null;
            try {
                deal = toDeal(row, sectors, corrections);
                if (!seen.add(deal.dealId())) {
                    reason = "duplicate opportunity_id";
                    deal = null;
                }
            } catch (RejectedRow e) {
                reason = e.getMessage();
            }
            if (deal != null) {
                deals.add(deal);
            } else {
                rejects.add(new Reject(row, reason));
                rejected.merge(reason, 1, Integer::sum);
            }
        }
        return new Mapped(deals, rejects, rejected, corrections, rows.size());
    }

    private static DealItem toDeal(Map<String, String> row, Map<String, String> sectors, Map<String, Integer> corrections) {
        String id = row.getOrDefault("opportunity_id", "");
        if (!Ids.isValid(id)) {
            throw new RejectedRow(id.isEmpty() ? "no opportunity_id" : "opportunity_id not usable as an id");
        }
        String stage = row.getOrDefault("deal_stage", "");
        if (!List.of("Prospecting", "Engaging", "Won", "Lost").contains(stage)) {
            throw new RejectedRow("unknown deal_stage");
        }
        String engage = row.getOrDefault("engage_date", "");
        if (engage.isEmpty()) {
            throw new RejectedRow("no engage_date (no time at all to place it)");
        }
        Instant engagedAt = date(engage, "engage_date");
        String account = blankToNull(row.get("account"));
        if (account == null) {
            corrections.merge("no account (imported without one)", 1, Integer::sum);
        }
        String sector = account == null ? null : sectors.get(account);
        if (sector != null && SECTOR_FIXES.containsKey(sector)) {
            corrections.merge("sector '" + sector + "' read as '" + SECTOR_FIXES.get(sector) + "'", 1, Integer::sum);
            sector = SECTOR_FIXES.get(sector);
        }
        if (account != null && sector == null) {
            corrections.merge("account not in accounts.csv (no segment)", 1, Integer::sum);
        }
        String product = blankToNull(row.get("product"));
        if (product != null && PRODUCT_FIXES.containsKey(product)) {
            corrections.merge("product '" + product + "' read as '" + PRODUCT_FIXES.get(product) + "'", 1, Integer::sum);
            product = PRODUCT_FIXES.get(product);
        }
        DealOutcome outcome = null;
        BigDecimal amount = null;
        if (stage.equals("Won") || stage.equals("Lost")) {
            String close = row.getOrDefault("close_date", "");
            if (close.isEmpty()) {
                throw new RejectedRow("closed without close_date");
            }
            Instant closedAt = date(close, "close_date");
            if (closedAt.isBefore(engagedAt)) {
                throw new RejectedRow("close_date before engage_date");
            }
            amount = amount(row.getOrDefault("close_value", ""));
            outcome = new DealOutcome(stage.toUpperCase(), closedAt, null, amount);
        }
        String name = (account == null ? "Unknown account" : account) + (product == null ? "" : " — " + product);
        return new DealItem(id, name, account, sector, amount, amount == null ? null : "USD",
                blankToNull(row.get("sales_agent")), PIPELINE, "Engaging", null, engagedAt, List.of(), List.of(), outcome);
    }

    private static Instant date(String value, String field) {
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new RejectedRow("unparseable " + field);
        }
    }

    private static BigDecimal amount(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0) {
                throw new RejectedRow("negative close_value");
            }
            return amount;
        } catch (NumberFormatException e) {
            throw new RejectedRow("unparseable close_value");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Writes the rejected rows with their reason, for the user to fix and import again. */
    public static void writeRejects(List<Reject> rejects, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> columns = rejects.isEmpty() ? List.of() : List.copyOf(rejects.get(0).row().keySet());
        List<String> header = new ArrayList<>(columns);
        header.add("reject_reason");
        List<List<String>> rows = new ArrayList<>();
        for (Reject reject : rejects) {
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                values.add(reject.row().get(column));
            }
            values.add(reject.reason());
            rows.add(values);
        }
        Csv.write(file, header, rows);
    }

    private static final class RejectedRow extends RuntimeException {
        RejectedRow(String reason) {
            super(reason);
        }
    }
}
