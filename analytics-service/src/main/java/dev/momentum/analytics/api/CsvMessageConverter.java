package dev.momentum.analytics.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * {@code text/csv} for every analytics answer, from its JSON form: one row per element of the answer's first array
 * of objects (the table: {@code stages}, {@code patterns}, {@code rows}, {@code deals}, {@code visits}); the answer's
 * top-level scalars (e.g. {@code pipeline}) lead every row. Nested objects become {@code parent.child} columns, arrays
 * of numbers {@code name.0}, {@code name.1} ... (e.g. {@code ci95.0} = lower bound), other arrays their JSON text.
 * Numbers are written as JSON writes them (unquoted, full precision, no percent signs); null is an empty field;
 * a field with a comma, quote or line break is quoted (RFC 4180). Header line first, CRLF line ends.
 */
public class CsvMessageConverter extends AbstractHttpMessageConverter<Object> {

    public static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ObjectMapper json;

    public CsvMessageConverter(ObjectMapper json) {
        super(StandardCharsets.UTF_8, TEXT_CSV);
        this.json = json;
    }

    @Override
    protected boolean supports(Class<?> type) {
        return type.isRecord() || Map.class.isAssignableFrom(type);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("text/csv is not read", input);
    }

    @Override
    protected void writeInternal(Object answer, HttpOutputMessage output) throws IOException {
        Writer out = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        write(json.valueToTree(answer), out);
        out.flush();
    }

    /** The CSV of one JSON answer. */
    public static void write(JsonNode answer, Writer out) throws IOException {
        Map<String, JsonNode> leading = new LinkedHashMap<>();
        JsonNode table = null;
        for (Map.Entry<String, JsonNode> field : answer.properties()) {
            JsonNode value = field.getValue();
            if (value.isValueNode()) {
                leading.put(field.getKey(), value);
            } else if (table == null && value.isArray() && (value.isEmpty() || value.get(0).isObject())) {
                table = value;
            }
        }
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        if (table == null) {
            Map<String, JsonNode> row = new LinkedHashMap<>();
            flatten("", answer, row);
            rows.add(row);
        } else {
            for (JsonNode element : table) {
                Map<String, JsonNode> row = new LinkedHashMap<>(leading);
                flatten("", element, row);
                rows.add(row);
            }
        }
        Set<String> columns = new LinkedHashSet<>(leading.keySet());
        rows.forEach(row -> columns.addAll(row.keySet()));
        out.write(String.join(",", columns.stream().map(CsvMessageConverter::quote).toList()));
        out.write("\r\n");
        for (Map<String, JsonNode> row : rows) {
            List<String> fields = new ArrayList<>();
            for (String column : columns) {
                JsonNode value = row.get(column);
                fields.add(value == null || value.isNull() ? "" : value.isNumber() || value.isBoolean() ? value.asText()
                        : quote(value.isTextual() ? value.asText() : value.toString()));
            }
            out.write(String.join(",", fields));
            out.write("\r\n");
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> row) {
        if (node.isObject()) {
            node.properties().forEach(f -> flatten(prefix + f.getKey() + ".", f.getValue(), row));
            return;
        }
        String name = prefix.substring(0, prefix.length() - 1);
        if (node.isArray() && !node.isEmpty() && allNumbers(node)) {
            for (int i = 0; i < node.size(); i++) {
                row.put(name + "." + i, node.get(i));
            }
            return;
        }
        if (node.isArray() && allText(node)) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.asText()));
            row.put(name, com.fasterxml.jackson.databind.node.TextNode.valueOf(String.join("; ", parts)));
            return;
        }
        row.put(name, node);
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    static String quote(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
