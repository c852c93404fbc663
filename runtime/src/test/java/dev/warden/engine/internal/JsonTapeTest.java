package dev.warden.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tape's scan is Warden's own JSON check, so it is held against Jackson's: it must never take a text Jackson
 * refuses (a malformed webhook body would be accepted), and what it reads must equal what Jackson reads.
 */
class JsonTapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Jackson's reading of {@code text}, or null when Jackson refuses it. */
    private static Object jackson(String text) {
        try {
            return JSON.readerFor(Object.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(text);
        } catch (Exception e) {
            return new Refused(e.getMessage());
        }
    }

    /** Jackson's refusal, with its reason (shown when a test fails). */
    private record Refused(String why) {
    }

    private static final Object REFUSED = new Refused("the scan was not sure");

    /** What the tape reads, or REFUSED when the scan is not sure. */
    private static Object tape(String text) {
        JsonTape tape = JsonTape.scan(text);
        return tape == null ? REFUSED : tape.value(0);
    }

    private static void agrees(String text) {
        Object mine = tape(text);
        if (mine != REFUSED) {
            assertThat(jackson(text)).as("Jackson's reading of %s", text).isEqualTo(mine);
        }
    }

    @Test
    void readsWhatJacksonReadsForGeneratedDocuments() {
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            String text = document(random);
            Object expected = jackson(text);
            assertThat(expected).as(text).isNotInstanceOf(Refused.class);
            assertThat(tape(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void neverTakesABrokenDocumentThatJacksonRefuses() {
        Random random = new Random(11);
        String alphabet = "{}[],:\"\\ 0123456789-+.eEtfnul\t\n\u0001x/ué中😀\u001f";
        int refused = 0;
        for (int i = 0; i < 20000; i++) {
            StringBuilder text = new StringBuilder(document(random));
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && !text.isEmpty(); e++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            agrees(text.toString());
            refused += tape(text.toString()) == REFUSED ? 1 : 0;
        }
        assertThat(refused).as("broken documents the scan refused").isGreaterThan(10000);
    }

    /**
     * A webhook body is scanned from the bytes it arrived as when they are as many as its chars: that must read
     * exactly what the text does (the tape's places are the text's char indexes), for valid, broken and non-ASCII
     * documents alike, and for bytes that are not UTF-8 at all.
     */
    @Test
    void aTextScannedFromTheBytesItWasDecodedFromReadsAsTheTextDoes() {
        Random random = new Random(13);
        String alphabet = "{}[],:\"\\ 0123456789-+.eEtfnul\t\n\u0001x/\u001fé中";
        int fromBytes = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder text = new StringBuilder(document(random));
            for (int e = random.nextInt(3); e > 0 && !text.isEmpty(); e--) {
                text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] utf8 = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String decoded = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
            JsonTape fromText = JsonTape.scan(decoded);
            JsonTape scanned = JsonTape.scan(decoded, utf8);
            assertThat(scanned == null ? REFUSED : scanned.value(0)).as(decoded)
                    .isEqualTo(fromText == null ? REFUSED : fromText.value(0));
            fromBytes += utf8.length == decoded.length() ? 1 : 0;
        }
        assertThat(fromBytes).as("documents scanned from their bytes").isGreaterThan(2000);
        // Bytes that are not UTF-8 decode to one U+FFFD each: as many chars as bytes, read from the bytes.
        byte[] notUtf8 = {'[', '"', (byte) 0xFF, '"', ',', (byte) 0xC3, ']'};
        String decoded = new String(notUtf8, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(decoded).hasSize(notUtf8.length);
        assertThat(JsonTape.scan(decoded, notUtf8)).isNull();
        byte[] inString = {'[', '"', (byte) 0xFF, '"', ']'};
        assertThat(JsonTape.scan(new String(inString, java.nio.charset.StandardCharsets.UTF_8), inString).value(0))
                .isEqualTo(List.of("\uFFFD"));
    }

    @Test
    void refusesWhatStrictJsonRefuses() {
        for (String text : List.of("[01]", "[-]", "[1.]", "[.5]", "[+1]", "[1e]", "[1e+]", "[-01]", "[1,]", "{\"a\":1,}",
                "{\"a\" 1}", "{a:1}", "{'a':1}", "[\"\\x\"]", "[\"\\u12G4\"]", "[\"\\u１２３４\"]", "[\"\\é\"]", "[é]", "{é:1}", "[中]", "[\"tab\there\"]", "[NaN]",
                "[Infinity]", "[tru]", "[nulls]", "[1] [2]", "[1]x", "[1", "{\"a\":1", "", "   ", "[/*c*/1]", "[1 2]",
                "{\"a\":1 \"b\":2}", "\u00a0[1]", "[\u000b1]")) {
            assertThat(JsonTape.scan(text)).as(text).isNull();
            assertThat(jackson(text)).as(text).isInstanceOf(Refused.class);
        }
    }

    @Test
    void leavesOtherRootsAndVeryDeepTextsToJackson() {
        assertThat(JsonTape.scan("\"text\"")).isNull();
        assertThat(JsonTape.scan("42")).isNull();
        String deep = "[".repeat(300) + "]".repeat(300);
        assertThat(JsonTape.scan(deep)).isNull();
        assertThat(jackson(deep)).isNotInstanceOf(Refused.class);
        assertThat(JsonTape.scan("[".repeat(150) + "]".repeat(150))).isNotNull();
    }

    /** Jackson's limits (StreamReadConstraints): numbers of 1,000 digits, names of 50,000 chars. */
    @Test
    void leavesWhatJacksonLimitsToJackson() {
        for (String text : List.of("[" + "1".repeat(1001) + "]", "{\"" + "n".repeat(50_001) + "\":1}")) {
            assertThat(JsonTape.scan(text)).isNull();
            assertThat(jackson(text)).isInstanceOf(Refused.class);
        }
    }

    @Test
    void numbersComeOutAsJacksonTypesThem() {
        for (String n : List.of("0", "-0", "7", "-2147483648", "2147483647", "2147483648", "-2147483649",
                "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
                "0.5", "-1.25e-3", "1E2", "1.7e307", "4.9e-325", "1e+2", "100000000000000000000.0", "1e-400")) {
            String text = "[" + n + "]";
            Object expected = jackson(text);
            Object mine = tape(text);
            assertThat(mine).as(n).isEqualTo(expected);
            assertThat(((List<?>) mine).getFirst().getClass()).as(n)
                    .isEqualTo(((List<?>) expected).getFirst().getClass());
        }
    }

    /** Jackson reads them as Infinity; the scan leaves them to IndexedJson's check, which refuses them. */
    @Test
    void numbersThatMayBeBeyondADoublesRangeAreLeftToJackson() {
        for (String n : List.of("1e400", "-1e400", "1e309", "1.5e308", "1e308", "0.0001e311", "1E0000309", "9".repeat(309),
                "1" + "0".repeat(200) + ".5e108")) {
            assertThat(JsonTape.scan("[" + n + "]")).as(n).isNull();
        }
        for (String n : List.of("1e307", "9".repeat(308), "-1.25e307", "1e-99999", "0.5E+0000000000000000300")) {
            assertThat(JsonTape.scan("[" + n + "]")).as(n).isNotNull();
        }
    }

    @Test
    void stringsDecodeEveryEscape() {
        String text = "{\"k\\u00e9y\\n\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\\u0041\\ud83d\\ude00\"}";
        assertThat(tape(text)).isEqualTo(jackson(text));
    }

    /** Jackson refuses half a surrogate pair escaped in a name, and takes it in a string value. */
    @Test
    void escapedHalvesOfSurrogatePairsAreLeftToJacksonInNames() {
        for (String text : List.of("{\"\\udc1f\":1}", "{\"\\ud83d\":1}", "{\"\\ude00\\ud83d\":1}")) {
            assertThat(JsonTape.scan(text)).as(text).isNull();
            assertThat(jackson(text)).as(text).isInstanceOf(Refused.class);
        }
        String paired = "{\"\\ud83d\\ude00\":\"\\udc1f\"}";
        assertThat(jackson(paired)).isNotInstanceOf(Refused.class);
        agrees(paired);
        for (String text : List.of("[\"\\ud83dx\"]", "{\"a\":\"\\udc1f\"}", "{\"\ud83d\ude00\":1}")) {
            assertThat(tape(text)).as(text).isNotSameAs(REFUSED).isEqualTo(jackson(text));
        }
    }

    @Test
    void aNameGivenTwiceKeepsItsFirstPlaceAndItsLastValue() {
        String text = "{\"a\":1,\"b\":2,\"a\":3}";
        assertThat(tape(text)).isEqualTo(jackson(text));
        assertThat(tape(text).toString()).isEqualTo("{a=3, b=2}");
    }

    /** A random valid JSON object or array, with random white space. */
    private static String document(Random random) {
        StringBuilder out = new StringBuilder();
        space(random, out);
        if (random.nextBoolean()) {
            object(random, out, 0);
        } else {
            array(random, out, 0);
        }
        space(random, out);
        return out.toString();
    }

    private static void value(Random random, StringBuilder out, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        switch (kind) {
            case 0 -> string(random, out);
            case 1 -> number(random, out);
            case 2 -> out.append(random.nextBoolean() ? "true" : "false");
            case 3 -> out.append("null");
            case 4 -> number(random, out);
            case 5 -> object(random, out, depth + 1);
            default -> array(random, out, depth + 1);
        }
    }

    private static void object(Random random, StringBuilder out, int depth) {
        out.append('{');
        int n = random.nextInt(5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            space(random, out);
            if (!names.isEmpty() && random.nextInt(6) == 0) {
                out.append('"').append(names.get(random.nextInt(names.size()))).append('"');
            } else {
                int start = out.length();
                string(random, out);
                names.add(out.substring(start + 1, out.length() - 1));
            }
            space(random, out);
            out.append(':');
            space(random, out);
            value(random, out, depth);
            space(random, out);
        }
        out.append('}');
    }

    private static void array(Random random, StringBuilder out, int depth) {
        out.append('[');
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            space(random, out);
            value(random, out, depth);
            space(random, out);
        }
        out.append(']');
    }

    private static void string(Random random, StringBuilder out) {
        out.append('"');
        int n = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(8);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(12)) {
                case 10 -> out.append("😀");
                case 11 -> out.append((char) (0x80 + random.nextInt(0x80)));
                case 0 -> out.append("\\").append("\"\\/bfnrt".charAt(random.nextInt(8)));
                case 1 -> out.append(String.format("\\u%04x", random.nextInt(0xd800))); // no half pairs: below
                case 2 -> out.append((char) (0x80 + random.nextInt(0x3000)));
                case 3 -> out.append("{}[],: ".charAt(random.nextInt(7)));
                default -> out.append((char) ('a' + random.nextInt(26)));
            }
        }
        out.append('"');
    }

    private static void number(Random random, StringBuilder out) {
        if (random.nextBoolean()) {
            out.append('-');
        }
        switch (random.nextInt(4)) {
            case 0 -> out.append('0');
            case 1 -> out.append(1 + random.nextInt(9)).append(random.nextInt(1_000_000));
            case 2 -> out.append(1 + random.nextInt(9)).append(Math.abs(random.nextLong()));
            default -> out.append(1 + random.nextInt(9));
        }
        if (random.nextInt(3) == 0) {
            out.append('.').append(random.nextInt(1000));
        }
        if (random.nextInt(4) == 0) {
            // Up to 1e300 or so: a number beyond a double's range is left to Jackson's check (see below).
            boolean negative = random.nextBoolean();
            out.append(random.nextBoolean() ? 'e' : 'E').append(negative ? "-" : "+")
                    .append(random.nextInt(negative ? 400 : 280));
        }
    }

    private static void space(Random random, StringBuilder out) {
        int n = random.nextInt(4) == 0 ? random.nextInt(3) : 0;
        for (int i = 0; i < n; i++) {
            out.append(" \t\n\r".charAt(random.nextInt(4)));
        }
    }
}
