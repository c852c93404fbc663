package dev.warden.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.warden.engine.IndexedJson;
import dev.warden.engine.RunInvocation;
import dev.warden.engine.RunOutcome;
import dev.warden.testing.RulesFolder;

/**
 * A webhook's run gets its event as members and an indexed body, other runs as JSON text: a rule must not be able
 * to tell which.
 */
class RunEventsTest {

    @RegisterExtension
    final RulesFolder rules = RulesFolder.perTest();

    @Test
    void anEventGivenAsMembersAndAnIndexedBodyReadsAsItsJsonText() throws Exception {
        rules.write("echo.js", """
                import { rule, manual } from 'warden';
                export default rule({ id: 'echo', triggers: [manual()],
                  run: ({ event }) => JSON.stringify(event) + ' ' + Object.keys(event) + ' ' + event.body.page.id });
                """);
        String body = "{\"page\":{\"id\":\"42\",\"labels\":[\"a\"]},\"n\":1.5,\"text\":\"caf\\u00e9 \\\"q\\\"\"}";
        TriggerEvent webhook = new TriggerEvent("webhook", "page-created", Instant.parse("2026-12-06T05:20:01.123Z"),
                null, Map.of("x-custom", "yes"), Map.of("space", "ENG"));
        TriggerEvent scheduled = new TriggerEvent("cron", "0 * * * *", Instant.parse("2026-12-06T05:00:00.5Z"), null,
                null, null, Instant.parse("2026-12-06T05:00:00Z"), true);

        for (TriggerEvent event : new TriggerEvent[] {webhook, scheduled}) {
            String fromText = run(RunEvents.invocation("01T", event, null, body));
            String fromMembers = run(RunEvents.invocation("01T", event, IndexedJson.read(body), body));
            assertThat(fromMembers).isEqualTo(fromText);
        }
        assertThat(run(RunEvents.invocation("01T", webhook, IndexedJson.read(body), body))).isEqualTo(
                "{\"type\":\"webhook\",\"name\":\"page-created\",\"firedAt\":\"2026-12-06T05:20:01.123Z\","
                        + "\"headers\":{\"x-custom\":\"yes\"},\"query\":{\"space\":\"ENG\"},\"body\":{\"page\":"
                        + "{\"id\":\"42\",\"labels\":[\"a\"]},\"n\":1.5,\"text\":\"café \\\"q\\\"\"}} "
                        + "type,name,firedAt,headers,query,body 42");
    }

    @Test
    void aRequestsHeadersAndQueryComeBackExactlyFromWhatIsStoredOfThem() {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("content-type", "application/json; charset=\"utf-8\"");
        headers.put("x-odd", "back\\slash \u2028 caf\u00e9 \u0001");
        Run run = new Run("01META", "r", null, null, new RunTrigger("webhook", "h"), RunStatus.QUEUED,
                Instant.parse("2026-12-06T05:20:01.123Z"), null, null, "{}", null, null, null);
        for (Map<String, String> query : java.util.Arrays.asList(null, Map.of("space", "E\"NG"))) {
            TriggerEvent event = new TriggerEvent("webhook", "h", run.createdAt(), null, headers, query);
            TriggerEvent back = RunEvents.recovered(run, RunEvents.meta(event));
            assertThat(back.headers()).containsExactlyEntriesOf(headers);
            assertThat(back.query()).isEqualTo(query);
        }
        assertThat(RunEvents.meta(new TriggerEvent("webhook", "h", run.createdAt(), null, Map.of(), null))).isNull();
    }

    private String run(RunInvocation invocation) throws Exception {
        RunOutcome outcome = rules.engine().execute(rules.catalog().rule("echo"), invocation);
        assertThat(outcome.error()).isNull();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(outcome.result()).asText();
    }
}
