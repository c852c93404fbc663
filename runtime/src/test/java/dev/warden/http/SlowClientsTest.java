package dev.warden.http;

import static dev.warden.testing.TestWarden.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.testing.TestWarden;
import dev.warden.testing.Trickle;

/**
 * Clients that send a request a byte at a time: its headers must be in within http.headerTimeout and its body within
 * http.bodyTimeout, or Warden answers 408 and closes the connection; a client that is merely slow still gets through.
 */
class SlowClientsTest {

    private static final Duration PAUSE = Duration.ofMillis(300);
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    TestWarden warden;

    @BeforeEach
    void start() {
        warden = TestWarden.in(dir)
                .rule("echo.js", """
                        import { rule, webhook, manual } from 'warden';
                        export const echo = rule({ id: 'echo', triggers: [webhook('page-created'), manual()],
                          run: ({ event }) => event.body });
                        """)
                .env("WARDEN_HTTP_HEADER_TIMEOUT", "1s")
                .env("WARDEN_HTTP_BODY_TIMEOUT", "2s")
                .start();
    }

    @AfterEach
    void stop() {
        warden.close();
    }

    private static String post(String target, int contentLength, String... headers) {
        StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void assertTimedOut(Trickle.Outcome outcome, String code, Duration deadline) {
        assertThat(outcome.closedAfter()).as("Warden closed the connection (sent %d bytes)", outcome.bytesSent())
                .isNotNull();
        assertThat(outcome.closedAfter()).as("closed soon after the deadline, answering %s", outcome.answer())
                .isBetween(deadline, deadline.plusMillis(1500));
        assertThat(outcome.answer().status()).as(outcome.answer().toString()).isEqualTo(408);
        assertThat(outcome.answer().contentType()).as(outcome.answer().toString()).startsWith("application/json");
        assertThat(outcome.answer().json().get("error").get("code").asText()).isEqualTo(code);
    }

    @Test
    void headersTrickledAByteAtATimeAreAnswered408AndTheConnectionClosedAtTheHeaderDeadline() {
        Trickle.Outcome outcome = Trickle.send(warden.port(), "POST /hooks/page-created HTTP/1.1\r\nHost: x\r\n",
                "X-Slow: " + "a".repeat(200) + "\r\n\r\n", 1, PAUSE, GIVE_UP);

        assertTimedOut(outcome, "HEADERS_TIMEOUT", Duration.ofSeconds(1));
        assertThat(outcome.answer().json().get("error").get("message").asText())
                .contains("1s", "http.headerTimeout");
    }

    @Test
    void blankLinesTrickledBeforeTheRequestLineCountAsHeadersToo() {
        Trickle.Outcome outcome = Trickle.send(warden.port(), "\r\n", "\r\n".repeat(100), 2, PAUSE, GIVE_UP);

        assertTimedOut(outcome, "HEADERS_TIMEOUT", Duration.ofSeconds(1));
    }

    @Test
    void aKeyedHookBodyTrickledAByteAtATimeIsAnswered408AndTheConnectionClosedAtTheBodyDeadline() {
        String body = "{\"pageId\": \"" + "4".repeat(100) + "\"}";
        Trickle.Outcome outcome = Trickle.send(warden.port(), post("/hooks/page-created", body.length(),
                "x-api-key", ADMIN_KEY), body, 1, PAUSE, GIVE_UP);

        assertTimedOut(outcome, "BODY_TIMEOUT", Duration.ofSeconds(2));
        assertThat(outcome.answer().json().get("error").get("message").asText())
                .contains("2s", "http.bodyTimeout");
    }

    @Test
    void anApiBodyTrickledAByteAtATimeIsAnswered408AndTheConnectionClosedAtTheBodyDeadline() {
        String body = "{\"pageId\": \"" + "4".repeat(100) + "\"}";
        Trickle.Outcome outcome = Trickle.send(warden.port(), post("/api/v1/rules/echo/runs", body.length(),
                "x-api-key", ADMIN_KEY), body, 1, PAUSE, GIVE_UP);

        assertTimedOut(outcome, "BODY_TIMEOUT", Duration.ofSeconds(2));
    }

    @Test
    void aClientSendingHeadersAndBodyInChunksAFewHundredMillisecondsApartStillGetsItsRun() {
        String body = "{\"pageId\": \"42\", \"title\": \"a page that is slow to arrive\"}";
        String head = post("/hooks/page-created", body.length(), "x-api-key", ADMIN_KEY, "Connection", "close");
        int third = head.length() / 3;
        int bodyThird = body.length() / 3;
        // The headers in three pieces 300 ms apart, then the body in three more: 1.5 s from first to last byte.
        Trickle.Outcome outcome = Trickle.send(warden.port(), List.of(head.substring(0, third),
                head.substring(third, 2 * third), head.substring(2 * third), body.substring(0, bodyThird),
                body.substring(bodyThird, 2 * bodyThird), body.substring(2 * bodyThird)), PAUSE, GIVE_UP);

        assertThat(outcome.answer().status()).as(outcome.answer().body()).isEqualTo(202);
        assertThat(outcome.answer().json().get("runs")).hasSize(1);
    }

    @Test
    void aKeepAliveConnectionIdleLongerThanTheHeaderDeadlineBetweenRequestsIsNotCutOff() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", warden.port())) {
            socket.setSoTimeout(10_000);
            String get = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(get.getBytes(StandardCharsets.US_ASCII));
            assertThat(statusOfOneAnswer(in)).isEqualTo(200);

            TestWarden.sleep(2500);
            out.write(get.getBytes(StandardCharsets.US_ASCII));
            assertThat(statusOfOneAnswer(in)).as("the second request on the connection").isEqualTo(200);
        }
    }

    /** Reads one answer with a Content-Length off a kept-alive connection and returns its status. */
    private static int statusOfOneAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("Warden closed the connection; read so far: " + head);
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as(head.toString()).isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
        return Integer.parseInt(head.substring(9, 12));
    }
}
