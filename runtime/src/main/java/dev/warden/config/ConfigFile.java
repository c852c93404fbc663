package dev.warden.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A {@code warden.yml} or {@code .properties} file read into flat {@code a.b.c} keys, each with the line it is on, so
 * that every error can name the file and line. A key written twice is an error: the last one would silently win.
 */
final class ConfigFile {

    /** One setting of the file: its value (arrays joined with ',') and the line of its key. */
    record Entry(String value, int line) {
    }

    private ConfigFile() {
    }

    static Map<String, Entry> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return file.toString().endsWith(".properties") ? properties(file, text) : yaml(file, text);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Entry> yaml(Path file, String text) throws IOException {
        Map<String, Entry> flat = new LinkedHashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            if (parser.nextToken() != null) {
                value(file, parser, "", 1, flat);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(notYaml(file, e));
        }
        return flat;
    }

    /**
     * One line: where the YAML parser found the problem, what it is, and where the construct it was reading began.
     * SnakeYAML's own message spans several lines, with its marks, and repeats itself.
     */
    private static String notYaml(Path file, com.fasterxml.jackson.core.JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                org.yaml.snakeyaml.error.Mark at = marked.getProblemMark();
                org.yaml.snakeyaml.error.Mark from = marked.getContextMark();
                boolean elsewhere = from != null
                        && (from.getLine() != at.getLine() || from.getColumn() != at.getColumn());
                String context = marked.getContext() == null ? "" : !elsewhere ? " (" + marked.getContext() + ")"
                        : " (" + marked.getContext() + " that began at line " + (from.getLine() + 1) + ", column "
                        + (from.getColumn() + 1) + ")";
                return "config file " + file + " is not valid YAML at line " + (at.getLine() + 1) + ", column "
                        + (at.getColumn() + 1) + ": " + marked.getProblem().replaceAll("\\s+", " ").strip()
                        + context;
            }
        }
        return "config file " + file + " is not valid YAML at line " + e.getLocation().getLineNr() + ": "
                + e.getOriginalMessage().replaceAll("\\s+", " ").strip();
    }

    private static void value(Path file, JsonParser parser, String prefix, int line, Map<String, Entry> out)
            throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Integer> seen = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int at = parser.currentTokenLocation().getLineNr();
                Integer first = seen.putIfAbsent(name, at);
                String key = prefix.isEmpty() ? name : prefix + "." + name;
                if (first != null) {
                    throw twice(file, key, first, at);
                }
                parser.nextToken();
                value(file, parser, key, at, out);
            }
        } else if (token == JsonToken.START_ARRAY) {
            StringBuilder joined = new StringBuilder();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken().isStructStart()) {
                    parser.skipChildren();
                    continue;
                }
                joined.append(joined.isEmpty() ? "" : ",").append(parser.getText());
            }
            put(file, out, prefix, new Entry(joined.toString(), line));
        } else if (token != JsonToken.VALUE_NULL && !prefix.isEmpty()) {
            put(file, out, prefix, new Entry(parser.getText(), line));
        }
    }

    /** {@code http.port: 1} and {@code http: {port: 2}} are the same setting written twice. */
    private static void put(Path file, Map<String, Entry> out, String key, Entry entry) {
        Entry before = out.putIfAbsent(key, entry);
        if (before != null) {
            throw twice(file, key, before.line(), entry.line());
        }
    }

    private static ConfigException twice(Path file, String key, int first, int again) {
        return new ConfigException("'" + key + "' is written twice in " + file + ", on line " + first + " and line "
                + again + "; keep one (Warden does not let the last one win silently)");
    }

    private static Map<String, Entry> properties(Path file, String text) throws IOException {
        List<String> lines = text.lines().toList();
        Map<String, Entry> flat = new LinkedHashMap<>();
        Properties properties = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                String name = key.toString();
                List<Integer> at = linesOf(lines, name);
                if (containsKey(key)) {
                    throw twice(file, name, at.isEmpty() ? 0 : at.get(0), at.size() < 2 ? 0 : at.get(1));
                }
                flat.put(name, new ConfigFile.Entry(value.toString(), at.isEmpty() ? 0 : at.get(0)));
                return super.put(key, value);
            }
        };
        properties.load(new StringReader(text));
        return flat;
    }

    /** The lines (from 1) that start with the key; a key continued over lines is found on its first. */
    private static List<Integer> linesOf(List<String> lines, String key) {
        Pattern start = Pattern.compile("\\s*" + Pattern.quote(key) + "\\s*[=:\\s].*|\\s*" + Pattern.quote(key));
        java.util.ArrayList<Integer> at = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (start.matcher(lines.get(i)).matches()) {
                at.add(i + 1);
            }
        }
        return at;
    }

    /** Where a setting of the file came from, for messages: {@code warden.yml line 3}. */
    static String where(Path file, Entry entry) {
        return file + (entry.line() > 0 ? " line " + entry.line() : "");
    }
}
