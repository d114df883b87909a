package dev.momentum.cli.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.client.ImportItems.DealItem;
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

    private static final String HEADER = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value";

    @Test
    void aQuotedFieldSpanningLinesStaysOneFieldAndShiftsNoColumn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sales_pipeline.csv"), HEADER + "\n"
                + "MULTI001,Moses Frase,\"GTX Basic\nrefurbished, \"\"as new\"\"\",Cancity,Won,2017-01-01,2017-03-01,1200\n"
                + "AFTER001,Anna Snelling,MG Special,Isdom,Lost,2017-02-01,2017-04-01,0\n");

        CrmExport.Mapped mapped = CrmExport.read(dir);

        assertThat(mapped.rows()).isEqualTo(2);
        assertThat(mapped.rejects()).isEmpty();
        DealItem multi = mapped.deals().get(0);
        assertThat(multi.name()).isEqualTo("Cancity — GTX Basic\nrefurbished, \"as new\"");
        assertThat(multi.outcome().amount()).isEqualByComparingTo("1200");
        assertThat(mapped.deals().get(1).dealId()).isEqualTo("AFTER001");
        assertThat(mapped.deals().get(1).outcome().outcome()).isEqualTo("LOST");
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsNotPartOfTheFirstColumnName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sales_pipeline.csv"), "\uFEFF" + HEADER + "\n"
                + "BOM00001,Moses Frase,GTX Basic,Cancity,Won,2017-01-01,2017-03-01,100\n");
        Files.writeString(dir.resolve("accounts.csv"), "\uFEFFaccount,sector\nCancity,retail\n");

        CrmExport.Mapped mapped = CrmExport.read(dir);

        assertThat(mapped.rejects()).isEmpty();
        assertThat(mapped.deals()).extracting(DealItem::dealId).containsExactly("BOM00001");
        assertThat(mapped.deals().get(0).segment()).isEqualTo("retail");
    }

    @Test
    void crlfLineEndingsEndRowsAndStayInsideAQuotedField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sales_pipeline.csv"), HEADER + "\r\n"
                + "CRLF0001,Moses Frase,\"GTX\r\nBasic\",Cancity,Won,2017-01-01,2017-03-01,100\r\n"
                + "CRLF0002,Moses Frase,GTX Basic,Cancity,Engaging,2017-01-02,,\r\n"
                + "\r\n");

        CrmExport.Mapped mapped = CrmExport.read(dir);

        assertThat(mapped.rows()).isEqualTo(2);
        assertThat(mapped.deals()).extracting(DealItem::dealId).containsExactly("CRLF0001", "CRLF0002");
        assertThat(mapped.deals().get(0).name()).isEqualTo("Cancity — GTX\r\nBasic");
        assertThat(mapped.deals().get(0).outcome().amount()).isEqualByComparingTo("100");
        assertThat(mapped.deals().get(1).outcome()).isNull();
    }

    @Test
    void aRejectedRowWithALineBreakIsWrittenSoItReadsBackAsOneRow(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sales_pipeline.csv"), HEADER + "\n"
                + "BADVALUE,Moses Frase,\"GTX Basic\nrefurbished\",Cancity,Won,2017-01-01,2017-03-01,a lot\n");
        CrmExport.Mapped mapped = CrmExport.read(dir);
        Path rejects = dir.resolve("rejects.csv");

        CrmExport.writeRejects(mapped.rejects(), rejects);

        List<Map<String, String>> read = Csv.read(rejects);
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).containsEntry("product", "GTX Basic\nrefurbished")
                .containsEntry("close_value", "a lot").containsEntry("reject_reason", "unparseable close_value");
    }
}
