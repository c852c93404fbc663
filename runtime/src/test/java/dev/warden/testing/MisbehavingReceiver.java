package dev.warden.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server on loopback, over a raw socket, that answers every request 200 with a body that misbehaves as
 * told: endless, trickled a byte at a time, or stalled after the headers. It counts the connections still open, so a
 * test sees whether the client abandoned one.
 */
public final class MisbehavingReceiver implements AutoCloseable {

    /** How the body of each answer goes out. */
    public enum Body {
        /** {@code length} bytes of JSON string content, at full speed, with a Content-Length. */
        SIZED,
        /** Chunks of 64 KiB without end (chunked transfer, no Content-Length). */
        ENDLESS,
        /** One byte every 200 ms, forever. */
        TRICKLE,
        /** The headers, then nothing. */
        STALL
    }

    private final ServerSocket server;
    private final Body body;
    private final long length;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public MisbehavingReceiver(Body body, long length) {
        this.body = body;
        this.length = length;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public MisbehavingReceiver(Body body) {
        this(body, 0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections the client has not closed yet (the server notices within a write, at most a second). */
    public int open() {
        return open.get();
    }

    /** Waits up to {@code seconds} for every connection to be closed by the client; true if they were. */
    public boolean awaitAllClosed(int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (open.get() > 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return open.get() == 0;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            readHead(in);
            switch (body) {
                case SIZED -> sized(out);
                case ENDLESS -> endless(out);
                case TRICKLE -> trickle(out);
                case STALL -> stall(socket, in, out);
            }
        } catch (IOException | InterruptedException clientWentAway) {
            // The client closed the connection: what the tests want to see.
        } finally {
            open.decrementAndGet();
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the request ended");
            }
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
    }

    private void sized(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        long left = length - 2;
        out.write('"');
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.write('"');
        out.flush();
    }

    private void endless(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        while (stopped.getCount() > 0) {
            out.write(head);
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void trickle(OutputStream out) throws IOException, InterruptedException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
            out.write(' ');
            out.flush();
        }
    }

    private void stall(Socket socket, InputStream in, OutputStream out) throws IOException, InterruptedException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(200);
        while (stopped.getCount() > 0) {
            try {
                if (in.read() < 0) {
                    return;
                }
            } catch (java.net.SocketTimeoutException stillThere) {
                // Keep waiting: the client has not closed its side.
            }
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
