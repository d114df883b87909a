package dev.momentum.cli.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.cli.client.ImportItems.DealItem;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small export with the dirt of the real one: every row is imported, corrected or rejected with a reason. */
class CrmExportTest {

    private static final Path FIXTURE = Path.of("src/test/resources/crm-dirty");

    @Test
    void placesWhatItCanAndSaysWhyNotForTheRest() throws Exception {
        CrmExport.Mapped mapped = CrmExport.read(FIXTURE);

        assertThat(mapped.rows()).isEqualTo(11);
        assertThat(mapped.deals()).extracting(DealItem::dealId)
                .containsExactly("1C1I7A6R", "Z063OYW0", "EC4QE1BX", "ZZZENG01", "ZZZENG02");
        assertThat(mapped.rejectedByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "no engage_date (no time at all to place it)", 2,
                "unparseable engage_date", 1,
                "close_date before engage_date", 1,
                "unparseable close_value", 1,
                "duplicate opportunity_id", 1));
        assertThat(mapped.deals().size() + mapped.rejects().size()).isEqualTo(mapped.rows());
        assertThat(mapped.corrections()).containsEntry("no account (imported without one)", 1)
                .containsEntry("sector 'technolgy' read as 'technology'", 1)
                .containsEntry("product 'GTXPro' read as 'GTX Pro'", 1)
                .containsEntry("account not in accounts.csv (no segment)", 1);
    }

    @Test
    void opensAtTheEngageDateInEngagingAndClosesWonOrLostWithTheCloseValue() throws Exception {
        Map<String, DealItem> deals = CrmExport.read(FIXTURE).deals().stream()
                .collect(Collectors.toMap(DealItem::dealId, Function.identity()));

        DealItem won = deals.get("Z063OYW0");
        assertThat(won.pipeline()).isEqualTo("crm");
        assertThat(won.stage()).isEqualTo("Engaging");
        assertThat(won.occurredAt()).isEqualTo(Instant.parse("2016-10-25T00:00:00Z"));
        assertThat(won.owner()).isEqualTo("Darcel Schlecht");
        assertThat(won.segment()).isEqualTo("medical");
        assertThat(won.name()).isEqualTo("Isdom — GTX Pro");
        assertThat(won.outcome().outcome()).isEqualTo("WON");
        assertThat(won.outcome().occurredAt()).isEqualTo(Instant.parse("2017-03-11T00:00:00Z"));
        assertThat(won.outcome().amount()).isEqualByComparingTo(new BigDecimal("4514"));

        assertThat(deals.get("EC4QE1BX").segment()).isEqualTo("technology");
        assertThat(deals.get("EC4QE1BX").outcome().outcome()).isEqualTo("LOST");
        DealItem open = deals.get("ZZZENG01");
        assertThat(open.outcome()).isNull();
        assertThat(open.account()).isNull();
        assertThat(open.name()).isEqualTo("Unknown account — GTX Basic");
    }

    @Test
    void writesTheRejectedRowsWithTheirReason(@TempDir Path dir) throws Exception {
        CrmExport.Mapped mapped = CrmExport.read(FIXTURE);
        Path rejects = dir.resolve("rejects.csv");
        CrmExport.writeRejects(mapped.rejects(), rejects);
        List<String> lines = Files.readAllLines(rejects);
        assertThat(lines).hasSize(1 + 6);
        assertThat(lines.get(0)).endsWith(",reject_reason").startsWith("opportunity_id,");
        assertThat(lines).anyMatch(line -> line.startsWith("BADVALUE,") && line.contains("\"GTX Basic, refurbished\"")
                && line.endsWith(",unparseable close_value"));
    }
}
