package dev.warden.notifier;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The SMTP dialogue one notification needs (RFC 5321): EHLO, STARTTLS (RFC 3207) with host name verification,
 * AUTH PLAIN or LOGIN, one message. Written here instead of using Jakarta Mail because that library finds its
 * transports through provider files and ServiceLoader, which a relocated copy inside a plugin jar would break.
 * One instance per server; each {@link #send} opens its own connection, so it is thread-safe.
 *
 * <p>Time: {@code timeout} bounds the whole conversation up to the message's final {@code .}, however slowly the
 * server drips its replies; then the server's acknowledgement is awaited for up to {@code dataTimeout} (RFC 5321
 * 4.5.3.2.6 suggests 10 minutes). A {@link Watch} closes the connection at the deadline, or as soon as the sending
 * thread is interrupted (a cancelled or timed-out run), because a blocking socket read ignores interrupts.
 */
final class SmtpClient {

    /** How the connection is protected. */
    enum Security { STARTTLS, NONE }

    /** Longest reply line read (RFC 5321 4.5.3.1.5 allows 512 octets) and most lines in one reply. */
    private static final int MAX_LINE = 2048;
    private static final int MAX_REPLY_LINES = 200;

    private final String host;
    private final int port;
    private final Security security;
    private final SSLContext tls;
    private final Duration timeout;
    private final Duration dataTimeout;

    SmtpClient(String host, int port, Security security, SSLContext tls, Duration timeout, Duration dataTimeout) {
        this.host = host;
        this.port = port;
        this.security = security;
        this.tls = tls;
        this.timeout = timeout;
        this.dataTimeout = dataTimeout;
    }

    /**
     * @param username null to send without AUTH
     * @param message the whole message with CRLF line ends, as {@link EmailMessage#render} writes it
     * @throws Unconfirmed when the message was sent in full but its acknowledgement did not arrive: the server may
     *         have accepted it, so it must not be sent again
     * @throws Interrupted when the calling thread was interrupted before the message was sent in full
     * @throws SmtpException when the server refused a step or broke the protocol
     */
    void send(String username, String password, String from, List<String> to, String message) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new Interrupted();
        }
        try (Socket plain = new Socket(); Watch watch = new Watch(plain, timeout)) {
            boolean sent = false;
            try {
                plain.connect(new InetSocketAddress(host, port), watch.remainingMillis());
                Session session = new Session(plain, plain, watch);
                session.expect(220);
                String features = session.command("EHLO warden", 250);
                if (security == Security.STARTTLS) {
                    if (!has(features, "STARTTLS")) {
                        throw new SmtpException(0, "the server does not offer STARTTLS; set tls: none only for a "
                                + "trusted local relay");
                    }
                    session.command("STARTTLS", 220);
                    if (session.buffered()) {
                        // Replies that arrived before the handshake could be injected in clear text (RFC 3207 5).
                        throw new SmtpException(0, "the server sent more after its STARTTLS reply");
                    }
                    session = new Session(upgrade(plain), plain, watch);
                    features = session.command("EHLO warden", 250);
                }
                if (username != null) {
                    authenticate(session, features, username, password);
                }
                session.command("MAIL FROM:<" + from + ">", 250);
                for (String recipient : to) {
                    session.command("RCPT TO:<" + recipient + ">", 250, 251);
                }
                session.command("DATA", 354);
                session.write(dotStuffed(message) + "\r\n.\r\n");
                sent = true;
                watch.restart(dataTimeout);
                session.expect(250);
                session.quit();
            } catch (SmtpException e) {
                if (sent && e.code() / 100 != 4 && e.code() / 100 != 5) {
                    throw new Unconfirmed("the server's acknowledgement was not understood (" + e.getMessage() + ")");
                }
                throw e;
            } catch (IOException e) {
                throw watch.explain(e, sent);
            }
        }
    }

    private Socket upgrade(Socket plain) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static void authenticate(Session session, String features, String username, String password)
            throws IOException {
        if (has(features, "PLAIN")) {
            String token = base64("\0" + username + "\0" + password);
            session.command("AUTH PLAIN " + token, 235);
        } else if (has(features, "LOGIN")) {
            session.command("AUTH LOGIN", 334);
            session.command(base64(username), 334);
            session.command(base64(password), 235);
        } else {
            throw new SmtpException(0, "the server offers neither AUTH PLAIN nor AUTH LOGIN");
        }
    }

    private static boolean has(String features, String word) {
        return features.toUpperCase(Locale.ROOT).matches("(?s).*\\b" + word + "\\b.*");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String dotStuffed(String message) {
        String stuffed = message.replace("\r\n.", "\r\n..");
        return stuffed.startsWith(".") ? "." + stuffed : stuffed;
    }

    /** One direction of the conversation over a (possibly upgraded) socket. */
    private static final class Session {

        private final InputStream in;
        private final OutputStream out;
        private final Socket plain;
        private final Watch watch;

        Session(Socket socket, Socket plain, Watch watch) throws IOException {
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.plain = plain;
            this.watch = watch;
        }

        /** Sends one command line; one holding a line break would be two commands, so it is refused. */
        String command(String line, int... accepted) throws IOException {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new SmtpException(0, "refused to send an SMTP command holding a line break");
            }
            write(line + "\r\n");
            return expect(accepted);
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Best effort: the message is accepted by now, so a failed QUIT changes nothing. */
        void quit() {
            try {
                write("QUIT\r\n");
            } catch (IOException ignored) {
                // The connection closes next anyway.
            }
        }

        /** True when the server sent more than was asked for. */
        boolean buffered() throws IOException {
            return in.available() > 0;
        }

        /**
         * Reads one (possibly multi-line) reply. A 4xx code is a temporary {@link SmtpException}, any other
         * unexpected code or a malformed reply a permanent one: a server out of step with the dialogue cannot be
         * trusted with a retry.
         */
        String expect(int... accepted) throws IOException {
            StringBuilder reply = new StringBuilder();
            String line;
            int lines = 0;
            do {
                line = readLine();
                if (line == null) {
                    throw new IOException("the SMTP server closed the connection");
                }
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(c -> c >= '0' && c <= '9')
                        || (line.length() > 3 && line.charAt(3) != '-' && line.charAt(3) != ' ')) {
                    throw new SmtpException(0, "the SMTP server sent a malformed reply");
                }
                if (++lines > MAX_REPLY_LINES) {
                    throw new SmtpException(0, "the SMTP server sent a reply of more than " + MAX_REPLY_LINES
                            + " lines");
                }
                reply.append(line.length() > 4 ? line.substring(4) : "").append('\n');
            } while (line.length() > 3 && line.charAt(3) == '-');
            int code = Integer.parseInt(line.substring(0, 3));
            for (int ok : accepted) {
                if (code == ok) {
                    return reply.toString();
                }
            }
            String text = reply.toString().strip().replaceAll("\\p{Cntrl}+", " ");
            if (code / 100 == 4 || code / 100 == 5) {
                throw new SmtpException(code, "the SMTP server answered " + code + " " + text);
            }
            throw new SmtpException(0, "the SMTP server answered " + code + " " + text + " where it should have "
                    + "answered " + accepted[0] + " (out of step)");
        }

        /** One line without its CRLF, at most {@link #MAX_LINE} octets; null at the end of the stream. */
        private String readLine() throws IOException {
            plain.setSoTimeout(watch.remainingMillis());
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    return null;
                }
                if (line.size() >= MAX_LINE) {
                    throw new SmtpException(0, "the SMTP server sent a reply line of more than " + MAX_LINE
                            + " octets");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }

    /**
     * Closes a conversation's socket when its deadline passes or the sending thread is interrupted, from a virtual
     * thread that lives as long as the conversation.
     */
    private static final class Watch implements AutoCloseable {

        private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

        private final Thread caller = Thread.currentThread();
        private final Socket socket;
        private final Thread watcher;
        private volatile long deadline;
        private volatile Duration limit;
        private volatile boolean done;
        private volatile boolean expired;

        Watch(Socket socket, Duration limit) {
            this.socket = socket;
            restart(limit);
            this.watcher = Thread.ofVirtual().name("warden-smtp-watch").start(this::watch);
        }

        /** A new deadline, {@code limit} from now. */
        void restart(Duration limit) {
            this.limit = limit;
            this.deadline = System.nanoTime() + limit.toNanos();
        }

        /** What is left before the deadline, at least 1 ms (a socket timeout of 0 would be none). */
        int remainingMillis() {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
        }

        private void watch() {
            while (!done) {
                if (caller.isInterrupted() || System.nanoTime() - deadline > 0) {
                    expired = !caller.isInterrupted();
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // Closed either way.
                    }
                    return;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
            }
        }

        /** The failure of a conversation this watch guarded, as the caller must treat it. */
        IOException explain(IOException cause, boolean sent) {
            String why;
            if (caller.isInterrupted()) {
                if (!sent) {
                    return new Interrupted();
                }
                why = "sending was interrupted";
            } else if (expired || cause instanceof java.net.SocketTimeoutException) {
                why = "no complete reply within " + format(limit);
            } else {
                why = cause.getMessage() != null && cause.getClass() == IOException.class ? cause.getMessage()
                        : cause.getClass().getSimpleName();
            }
            if (sent) {
                return new Unconfirmed("the server did not acknowledge the message (" + why + ")");
            }
            return new IOException(why, cause);
        }

        private static String format(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }

        @Override
        public void close() {
            done = true;
            java.util.concurrent.locks.LockSupport.unpark(watcher);
        }
    }

    /** A reply the dialogue cannot go on from; only 4xx codes are temporary, so only they are worth a retry. */
    static final class SmtpException extends IOException {

        private final int code;

        SmtpException(int code, String message) {
            super(message);
            this.code = code;
        }

        /** The server's reply code, or 0 for a protocol error. */
        int code() {
            return code;
        }

        boolean permanent() {
            return code / 100 != 4;
        }
    }

    /** The message was sent in full but not acknowledged: it may have been delivered, so it must not be resent. */
    static final class Unconfirmed extends IOException {

        Unconfirmed(String message) {
            super(message);
        }
    }

    /** The sending thread was interrupted before the message was sent in full. */
    static final class Interrupted extends IOException {

        Interrupted() {
            super("sending was interrupted");
        }
    }
}
