package dev.momentum.cli.crm;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CSV files as CRMs export them, through Jackson CSV: a header row, then rows of fields. Quoted
 * fields may hold commas, doubled quotes and line breaks; a UTF-8 byte order mark and CRLF line
 * endings are read like none and LF.
 */
final class Csv {

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            // quotes only where CSV needs them (separator, quote, line break), as the export had them
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private Csv() {
    }

    /** Each row by column name; a short row has "" in its missing columns, a long row's extra fields are ignored. */
    static List<Map<String, String>> read(Path file) throws IOException {
        // from bytes, not a Reader: Jackson's byte source detects and skips the UTF-8 BOM
        try (InputStream in = Files.newInputStream(file);
             MappingIterator<List<String>> lines = MAPPER.readerForListOf(String.class).with(CsvSchema.emptySchema()).readValues(in)) {
            List<String> header = null;
            List<Map<String, String>> rows = new ArrayList<>();
            while (lines.hasNextValue()) {
                List<String> fields = lines.nextValue();
                if (fields.stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (header == null) {
                    header = fields.stream().map(name -> name.replace("\uFEFF", "").trim()).toList();
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), i < fields.size() && fields.get(i) != null ? fields.get(i).trim() : "");
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** A header row, then the rows; fields are quoted where CSV needs it (commas, quotes, line breaks). */
    static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
        try (SequenceWriter writer = MAPPER.writer(CsvSchema.emptySchema().withLineSeparator("\n")).writeValues(file.toFile())) {
            writer.write(header);
            for (List<String> row : rows) {
                writer.write(row);
            }
        }
    }
}
