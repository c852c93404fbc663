package dev.warden.notifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 */
final class SmtpClient {

    /** How the connection is protected. */
    enum Security { STARTTLS, NONE }

    private final String host;
    private final int port;
    private final Security security;
    private final SSLContext tls;
    private final Duration timeout;

    SmtpClient(String host, int port, Security security, SSLContext tls, Duration timeout) {
        this.host = host;
        this.port = port;
        this.security = security;
        this.tls = tls;
        this.timeout = timeout;
    }

    /**
     * @param username null to send without AUTH
     * @param message the whole message with CRLF line ends, as {@link EmailMessage#render} writes it
     */
    void send(String username, String password, String from, List<String> to, String message) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            Session session = new Session(plain);
            session.expect(220);
            String features = session.command("EHLO warden", 250);
            if (security == Security.STARTTLS) {
                if (!has(features, "STARTTLS")) {
                    throw new SmtpException(0, "the server does not offer STARTTLS; set tls: none only for a "
                            + "trusted local relay");
                }
                session.command("STARTTLS", 220);
                session = new Session(upgrade(plain));
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
            session.expect(250);
            session.write("QUIT\r\n");
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

        private final BufferedReader in;
        private final OutputStream out;

        Session(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
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

        /**
         * Reads one (possibly multi-line) reply. A 4xx code is a temporary {@link SmtpException}, any other
         * unexpected code or a malformed reply a permanent one: a server out of step with the dialogue cannot be
         * trusted with a retry.
         */
        String expect(int... accepted) throws IOException {
            StringBuilder reply = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("the SMTP server closed the connection");
                }
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(c -> c >= '0' && c <= '9')
                        || (line.length() > 3 && line.charAt(3) != '-' && line.charAt(3) != ' ')) {
                    throw new SmtpException(0, "the SMTP server sent a malformed reply");
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
}
