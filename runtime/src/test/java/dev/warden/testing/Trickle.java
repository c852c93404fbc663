package dev.warden.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A slow client over a plain socket: sends a request's opening at once, then the rest a few bytes at a time with a
 * pause between, until all is sent, Warden closes the connection, or {@code giveUp} passes. Reports what Warden
 * answered and when it closed.
 */
public final class Trickle {

    /**
     * What happened: Warden's answer ({@link RawHttp.Response#status()} 0 when it closed without one), how long after
     * the first byte it closed the connection (null when still open at {@code giveUp}) and how many bytes were sent.
     */
    public record Outcome(RawHttp.Response answer, Duration closedAfter, int bytesSent) {
    }

    private Trickle() {
    }

    /**
     * Sends {@code opening} at once, then {@code rest} {@code step} bytes every {@code pause}; waits for the answer
     * until {@code giveUp} after the first byte.
     */
    public static Outcome send(int port, String opening, String rest, int step, Duration pause, Duration giveUp) {
        List<String> pieces = new ArrayList<>(List.of(opening));
        for (int at = 0; at < rest.length(); at += step) {
            pieces.add(rest.substring(at, Math.min(rest.length(), at + step)));
        }
        return send(port, pieces, pause, giveUp);
    }

    /** Sends the first piece at once and each next one {@code pause} after the one before. */
    public static Outcome send(int port, List<String> pieces, Duration pause, Duration giveUp) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) giveUp.toMillis());
            long start = System.nanoTime();
            long[] closedAt = new long[1];
            CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
                byte[] all = readAll(socket);
                closedAt[0] = System.nanoTime();
                return all;
            });
            OutputStream out = socket.getOutputStream();
            int sent = 0;
            try {
                for (int i = 0; i < pieces.size() && System.nanoTime() - start < giveUp.toNanos(); i++) {
                    if (i > 0) {
                        TestWarden.sleep(pause.toMillis());
                    }
                    if (answer.isDone()) {
                        break;
                    }
                    byte[] piece = pieces.get(i).getBytes(StandardCharsets.UTF_8);
                    out.write(piece);
                    out.flush();
                    sent += piece.length;
                }
            } catch (IOException closedByWarden) {
                // Warden closed the connection while bytes were still coming: its answer, if any, is read below.
            }
            byte[] bytes = answer.join();
            Duration closedAfter = bytes == null ? null : Duration.ofNanos(closedAt[0] - start);
            String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
            return new Outcome(RawHttp.parse(text), closedAfter, sent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything Warden sends until it closes the connection, or null if it is still open at the socket timeout. */
    private static byte[] readAll(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            return in.readAllBytes();
        } catch (java.net.SocketTimeoutException stillOpen) {
            return null;
        } catch (IOException reset) {
            return new byte[0];
        }
    }
}
