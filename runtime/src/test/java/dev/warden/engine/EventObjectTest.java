package dev.warden.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.warden.runs.RunStatus;
import dev.warden.testing.RulesFolder;

/**
 * A rule's {@code event} is read from JSON indexed once, on demand (engine/internal/JsonView), not built by {@code
 * JSON.parse}. Whatever a rule author does with the objects {@code JSON.parse} would have built must still work:
 * each check below is one such habit, evaluated in the real sandbox.
 */
class EventObjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = """
            {"type":"webhook","name":"page","headers":{"x-custom":"yes"},
             "body":{"page":{"id":"42","version":7,"labels":[{"name":"a"},{"name":"b"}],"parent":null},
                     "big":12345678901234567890,"huge":9007199254740993,"ratio":0.5,"ok":true,"tags":["x","y"]}}
            """;

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    /**
     * Runs {@code expression} (with {@code event} and {@code body} in scope) and returns its result as JSON. It runs
     * twice: given the event as JSON text, and given its body as {@link IndexedJson} (as a webhook's runs are), whose
     * members are parsed as the rule reads them; both must give the same.
     */
    private JsonNode eval(String expression) {
        return evalOn(EVENT, expression);
    }

    private JsonNode evalOn(String event, String expression) {
        rules.write("probe.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'probe', triggers: [manual()], run({ event }) {
                  const body = event.body;
                  return (%s);
                } });
                """.formatted(expression));
        JsonNode fromText = result(expression, new RunInvocation("01T", event));
        JsonNode fromIndex = result(expression, indexed(event));
        assertThat(fromIndex).as("%s, the body indexed", expression).isEqualTo(fromText);
        return fromText;
    }

    private JsonNode result(String expression, RunInvocation invocation) {
        RunOutcome outcome = rules.engine().execute(rules.catalog().rule("probe"), invocation);
        assertThat(outcome.error()).as(expression).isNull();
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        try {
            return JSON.readTree(outcome.result());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The event with its members as Java values and its body, as text cut from the event, indexed. */
    @SuppressWarnings("unchecked")
    private static RunInvocation indexed(String event) {
        try {
            Map<String, Object> head = JSON.readValue(event, Map.class);
            head.remove("body");
            String body = bodyText(event);
            return RunInvocation.of("01T", head, body == null ? null : IndexedJson.read(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The body's text exactly as the event has it (a parse and re-serialization would drop repeated names). */
    private static String bodyText(String event) throws java.io.IOException {
        try (JsonParser parser = JSON.getFactory().createParser(event)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                int start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
                if (value.isScalarValue()) {
                    parser.getText();
                } else {
                    parser.skipChildren();
                }
                if (name.equals("body")) {
                    return event.substring(start, Math.toIntExact(parser.currentLocation().getCharOffset()));
                }
            }
            return null;
        }
    }

    @Test
    void fieldsReadAsTheJsonTypesJsonParseGives() {
        JsonNode types = eval("""
                [typeof body.page.id, typeof body.page.version, typeof body.ratio, typeof body.ok,
                 body.page.parent, typeof body.page.missing, typeof body.page, typeof body.tags, event.headers['x-custom']]
                """);
        assertThat(types.toString())
                .isEqualTo("[\"string\",\"number\",\"number\",\"boolean\",null,\"undefined\",\"object\",\"object\",\"yes\"]");
        assertThat(eval("body.page.version === 7 && body.page.id === '42' && body.ratio * 2 === 1").asBoolean()).isTrue();
    }

    @Test
    void integersBeyondTheSafeRangeRoundAsJsonParseRoundsThem() {
        assertThat(eval("[body.big === 12345678901234567890, body.huge === 9007199254740992, "
                + "Number.isSafeInteger(body.page.version)]").toString()).isEqualTo("[true,true,true]");
    }

    @Test
    void theSmallestLongRoundsLikeTheOthers() {
        assertThat(evalOn("{\"type\":\"webhook\",\"body\":{\"n\":-9223372036854775808}}",
                "body.n === -9223372036854775808 && typeof body.n === 'number'").asBoolean()).isTrue();
    }

    @Test
    void anEventThatIsNotJsonFailsTheRunBeforeAnyRuleCode() {
        rules.write("probe.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'probe', triggers: [manual()], run: () => 'ran' });
                """);
        RunOutcome outcome = rules.engine().execute(rules.catalog().rule("probe"), new RunInvocation("01T", "{oops"));
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().code()).isEqualTo("BAD_EVENT");
        assertThat(outcome.error().message()).startsWith("the event is not JSON");
        assertThat(outcome.result()).isNull();
    }

    /** The whole text is checked before the rule runs, not only the parts the rule reads. */
    @Test
    void aMistakeDeepInsideAPartTheRuleNeverReadsStillFailsTheRunBeforeItStarts() {
        rules.write("probe.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'probe', triggers: [manual()], run: ({ event }) => event.body.a });
                """);
        for (String broken : List.of("{\"body\":{\"a\":1,\"b\":{\"c\":[1,2,}}}",
                "{\"body\":{\"a\":1,\"b\":[{\"c\":\"bad \\q escape\"}]}}", "{\"body\":{\"a\":1,\"b\":{\"c\":[1")) {
            RunOutcome outcome = rules.engine().execute(rules.catalog().rule("probe"),
                    new RunInvocation("01T", broken));
            assertThat(outcome.error()).as(broken).isNotNull();
            assertThat(outcome.error().code()).as(broken).isEqualTo("BAD_EVENT");
            assertThat(outcome.result()).isNull();
        }
    }

    @Test
    void nestedValuesWithBracesAndEscapesInTheirStringsReadWhole() {
        String event = "{\"type\":\"webhook\",\"body\":{\"x\":{\"s\":\"} ] {\\\"q\\\": [\","
                + "\"deep\":[[{\"k\":\"\\u00e9\"}],{\"z\":[1,{\"w\":\"end}\"}]}]},\"after\":{\"ok\":true}}}";
        assertThat(evalOn(event, "[body.x.s, body.x.deep[0][0].k, body.x.deep[1].z[1].w, body.after.ok]").toString())
                .isEqualTo("[\"} ] {\\\"q\\\": [\",\"é\",\"end}\",true]");
        assertThat(evalOn(event, "JSON.stringify(body)").asText())
                .isEqualTo("{\"x\":{\"s\":\"} ] {\\\"q\\\": [\",\"deep\":[[{\"k\":\"é\"}],"
                        + "{\"z\":[1,{\"w\":\"end}\"}]}]},\"after\":{\"ok\":true}}");
    }

    @Test
    void aNameGivenTwiceKeepsItsFirstPlaceAndItsLastValue() {
        String event = "{\"type\":\"webhook\",\"body\":{\"a\":{\"v\":1},\"b\":2,\"a\":{\"v\":3}}}";
        assertThat(evalOn(event, "[Object.keys(body), body.a.v, JSON.stringify(body)]").toString())
                .isEqualTo("[[\"a\",\"b\"],3,\"{\\\"a\\\":{\\\"v\\\":3},\\\"b\\\":2}\"]");
    }

    @Test
    void anIndexedBodyIsCheckedWhenIndexedAndNamesWhereItBreaks() {
        assertThatThrownBy(() -> IndexedJson.read("{\"a\":1,\n \"b\":[1,}"))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
                .satisfies(e -> assertThat(((com.fasterxml.jackson.core.JsonProcessingException) e).getLocation()
                        .getLineNr()).isEqualTo(2));
        assertThatThrownBy(() -> IndexedJson.read("{\"a\":1} {\"b\":2}"))
                .hasMessageContaining("more than one JSON value");
        assertThatThrownBy(() -> IndexedJson.read("   ")).hasMessageContaining("no JSON value");
    }

    /** Past the index's depth (200), a body is checked by Jackson and read whole: the same for the rule. */
    @Test
    void aBodyTooDeepForTheIndexReadsTheSame() {
        String event = "{\"type\":\"webhook\",\"body\":{\"v\":" + "[".repeat(250) + "7" + "]".repeat(250) + "}}";
        assertThat(evalOn(event, "(() => { let x = body.v, d = 0; while (Array.isArray(x)) { x = x[0]; d++; } "
                + "return [x, d]; })()").toString()).isEqualTo("[7,250]");
    }

    @Test
    void aBodyThatIsAnArrayOrAStringReadsAsJsonParseGivesIt() {
        assertThat(evalOn("{\"type\":\"webhook\",\"body\":[{\"a\":1},2,[3]]}",
                "[Array.isArray(body), body[0].a, body.length, body[2][0], JSON.stringify(body)]").toString())
                .isEqualTo("[true,1,3,3,\"[{\\\"a\\\":1},2,[3]]\"]");
        assertThat(evalOn("{\"type\":\"webhook\",\"body\":\"plain \\u00e9\"}", "body").asText()).isEqualTo("plain é");
    }

    /** Values are decoded when read; what the rule changes stays changed, and unread siblings are still there. */
    @Test
    void nestedValuesReadOnDemandKeepTheirIdentityAndTheRuleSChanges() {
        assertThat(eval("""
                (() => { const l = body.page.labels; l[0].name = 'changed'; l.push({ name: 'c' });
                  return [body.page.labels === l, body.page.labels[0].name, l.length, body.page.labels[1].name,
                          Object.keys(body.page), body.page.id]; })()
                """).toString()).isEqualTo("[true,\"changed\",3,\"b\",[\"id\",\"version\",\"labels\",\"parent\"],\"42\"]");
    }

    @Test
    void arraysAreArraysWithTheArrayMethods() {
        JsonNode result = eval("""
                ({ isArray: Array.isArray(body.page.labels), names: body.page.labels.map(l => l.name),
                   some: body.page.labels.filter(l => l.name !== 'a').length, length: body.tags.length,
                   includes: body.tags.includes('y'), joined: body.tags.join('+'), spread: [...body.tags, 'z'],
                   forOf: (() => { let s = ''; for (const l of body.page.labels) s += l.name; return s; })(),
                   index: body.page.labels.indexOf(body.page.labels[1]) })
                """);
        assertThat(result.toString()).isEqualTo("{\"isArray\":true,\"names\":[\"a\",\"b\"],\"some\":1,\"length\":2,"
                + "\"includes\":true,\"joined\":\"x+y\",\"spread\":[\"x\",\"y\",\"z\"],\"forOf\":\"ab\",\"index\":1}");
    }

    @Test
    void objectsEnumerateSpreadAndStringifyInTheirOrder() {
        JsonNode result = eval("""
                ({ keys: Object.keys(body.page), entries: Object.entries(event.headers),
                   forIn: (() => { const ks = []; for (const k in body.page) ks.push(k); return ks; })(),
                   spread: { ...body.page.labels[0], extra: 1 }, assigned: Object.assign({}, body.page.labels[1]),
                   has: ['page' in body, 'nope' in body, Object.hasOwn(body, 'ok')],
                   text: JSON.stringify(body.page), pretty: JSON.stringify(body.tags, null, 1) })
                """);
        assertThat(result.get("keys").toString()).isEqualTo("[\"id\",\"version\",\"labels\",\"parent\"]");
        assertThat(result.get("entries").toString()).isEqualTo("[[\"x-custom\",\"yes\"]]");
        assertThat(result.get("forIn").toString()).isEqualTo("[\"id\",\"version\",\"labels\",\"parent\"]");
        assertThat(result.get("spread").toString()).isEqualTo("{\"name\":\"a\",\"extra\":1}");
        assertThat(result.get("assigned").toString()).isEqualTo("{\"name\":\"b\"}");
        assertThat(result.get("has").toString()).isEqualTo("[true,false,true]");
        assertThat(result.get("text").asText())
                .isEqualTo("{\"id\":\"42\",\"version\":7,\"labels\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"parent\":null}");
        assertThat(result.get("pretty").asText()).isEqualTo("[\n \"x\",\n \"y\"\n]");
    }

    @Test
    void theSameFieldIsTheSameObjectEachTime() {
        assertThat(eval("body.page === body.page && body.page.labels[0] === body.page.labels[0]").asBoolean())
                .isTrue();
    }

    @Test
    void aRuleMayChangeItsEventAndReturnIt() {
        JsonNode result = eval("""
                (() => {
                  body.page.id = 'changed'; body.added = { n: 1 }; delete body.ok;
                  body.tags.push('z'); body.tags.unshift('w'); const popped = body.tags.pop();
                  body.page.labels.splice(0, 1); body.page.labels[1] = { name: 'c' };
                  const sorted = [...body.tags].sort().reverse();
                  body.tags.length = 1;
                  return { page: body.page, added: body.added, ok: body.ok, tags: body.tags, popped, sorted,
                           keys: Object.keys(body) };
                })()
                """);
        assertThat(result.get("page").toString())
                .isEqualTo("{\"id\":\"changed\",\"version\":7,\"labels\":[{\"name\":\"b\"},{\"name\":\"c\"}],\"parent\":null}");
        assertThat(result.get("added").toString()).isEqualTo("{\"n\":1}");
        assertThat(result.has("ok")).isFalse();
        assertThat(result.get("tags").toString()).isEqualTo("[\"w\"]");
        assertThat(result.get("popped").asText()).isEqualTo("z");
        assertThat(result.get("sorted").toString()).isEqualTo("[\"y\",\"x\",\"w\"]");
        assertThat(result.get("keys").toString()).isEqualTo("[\"page\",\"big\",\"huge\",\"ratio\",\"tags\",\"added\"]");
    }

    @Test
    void anEventArrayWrittenFarPastItsEndIsRefusedWhileAShortGapFillsWithNulls() {
        JsonNode result = eval("""
                (() => {
                  body.tags[4] = 'e';
                  let refused = null;
                  try { body.tags[50000000] = 1; refused = false; } catch (e) { refused = /Invalid array index 50000000/.test(String(e.message)); }
                  return { tags: body.tags, refused };
                })()
                """);
        assertThat(result.get("tags").toString()).isEqualTo("[\"x\",\"y\",null,null,\"e\"]");
        assertThat(result.get("refused").asBoolean()).as("the write past the end is refused").isTrue();
    }

    @Test
    void destructuringAndOptionalChainingWork() {
        assertThat(eval("(({ page: { id, labels: [first] } }) => id + first.name)(body)").asText()).isEqualTo("42a");
        assertThat(eval("body?.page?.parent?.id ?? 'none'").asText()).isEqualTo("none");
    }

    @Test
    void aTopLevelArrayOrTextBodyIsAnArrayOrAString() {
        assertThat(evalOn("{\"type\":\"webhook\",\"body\":[1,2,3]}", "body.reduce((a, b) => a + b, 0)").asInt())
                .isEqualTo(6);
        assertThat(evalOn("{\"type\":\"webhook\",\"body\":\"plain text\"}", "body.toUpperCase()").asText())
                .isEqualTo("PLAIN TEXT");
        assertThat(evalOn("{\"type\":\"manual\"}", "typeof body").asText()).isEqualTo("undefined");
    }

    /** The differences the README names, so that it stays true. */
    @Test
    void theDocumentedDifferencesFromJsonParseHold() {
        JsonNode result = eval("""
                (() => {
                  Object.freeze(body.page);
                  let write;
                  try { body.page.id = 'changed'; write = body.page.id; } catch (e) { write = e.name; }
                  return { frozen: Object.isFrozen(body.page), write,
                           proto: Object.getPrototypeOf(body) === Object.prototype };
                })()
                """);
        assertThat(result.toString()).isEqualTo("{\"frozen\":true,\"write\":\"changed\",\"proto\":false}");
    }

    @Test
    void readingPastTheEndOfAnObjectFailsAsItWouldWithJsonParse() {
        rules.write("probe.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'probe', triggers: [manual()], run: ({ event }) => event.body.nope.id });
                """);
        RunOutcome outcome = rules.engine().execute(rules.catalog().rule("probe"), new RunInvocation("01T", EVENT));
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error().message()).contains("TypeError").contains("id");
    }
}
