package dev.warden.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-text SMTP server on loopback written with raw sockets, for the replies a well-behaved server never gives:
 * a greeting that drips forever, an out-of-step reply, a slow or missing acknowledgement of the message data. It
 * speaks just enough SMTP for a client without TLS or AUTH, records the commands it reads and counts the messages
 * whose data arrived in full (what a real server would have queued).
 */
public final class FakeSmtpServer implements AutoCloseable {

    /** How the server departs from the protocol. */
    public enum Misbehaviour {
        /** None: a plain, prompt server. */
        NONE,
        /** Sends {@code 220-still here} every 300 ms instead of finishing its greeting (for 30 s, then hangs up). */
        DRIP_GREETING,
        /** Answers {@code DATA} with {@code 250} instead of {@code 354}. */
        ANSWER_DATA_WITH_250,
        /** Waits {@link #dataReplyDelay} before acknowledging the message data. */
        SLOW_DATA_REPLY,
        /** Hangs up after reading the message data, without a reply. */
        HANG_UP_AFTER_DATA
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private volatile Misbehaviour misbehaviour = Misbehaviour.NONE;
    private volatile Duration dataReplyDelay = Duration.ZERO;

    public FakeSmtpServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().name("fake-smtp-accept").start(this::accept);
    }

    public FakeSmtpServer misbehave(Misbehaviour how) {
        this.misbehaviour = how;
        return this;
    }

    /** With {@link Misbehaviour#SLOW_DATA_REPLY}: how long the acknowledgement of the data takes. */
    public FakeSmtpServer dataReplyDelay(Duration delay) {
        this.dataReplyDelay = delay;
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Messages whose data (up to the final {@code .}) arrived in full. */
    public int messages() {
        return messages.get();
    }

    /** The command lines read outside message data, in order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread.ofPlatform().daemon().name("fake-smtp-conversation").start(() -> converse(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            if (misbehaviour == Misbehaviour.DRIP_GREETING) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < end) {
                    say(out, "220-still here");
                    Thread.sleep(300);
                }
                return;
            }
            say(out, "220 fake ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> say(out, "250-fake\r\n250 8BITMIME");
                    case "DATA" -> {
                        if (misbehaviour == Misbehaviour.ANSWER_DATA_WITH_250) {
                            say(out, "250 out of step");
                            continue;
                        }
                        say(out, "354 go ahead");
                        if (!readData(in)) {
                            return;
                        }
                        messages.incrementAndGet();
                        if (misbehaviour == Misbehaviour.HANG_UP_AFTER_DATA) {
                            return;
                        }
                        if (misbehaviour == Misbehaviour.SLOW_DATA_REPLY) {
                            Thread.sleep(dataReplyDelay);
                        }
                        say(out, "250 queued");
                    }
                    case "QUIT" -> {
                        say(out, "221 bye");
                        return;
                    }
                    default -> say(out, "250 ok");
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client hung up or the server is closing: the conversation is over either way.
        } finally {
            open.remove(socket);
        }
    }

    /** Reads message data up to the line holding a single {@code .}; false when the client hung up first. */
    private static boolean readData(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals(".")) {
                return true;
            }
        }
        return false;
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        acceptor.interrupt();
    }
}
