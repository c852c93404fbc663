package dev.warden.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (SubEthaSMTP) on loopback that requires STARTTLS and AUTH, with a certificate made by the JDK's
 * keytool for 127.0.0.1; {@link #trustStore()} holds that certificate for the client side.
 */
public final class SmtpReceiver implements AutoCloseable {

    public static final String STORE_PASSWORD = "changeit";

    /** One delivered message. */
    public record Mail(String from, String to, MimeMessage message) {
    }

    private final SMTPServer server;
    private final Path trustStore;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();

    /** The key and trust stores, made once per test JVM: keytool is slow to start on a busy machine. */
    private static Path stores;

    public SmtpReceiver(String username, String password) {
        try {
            Path folder = stores();
            Path keyStore = folder.resolve("smtp-server.p12");
            trustStore = folder.resolve("smtp-trust.p12");
            server = new SMTPServer.Builder().hostName("127.0.0.1").port(0)
                    .startTlsSocketFactory(serverTls(keyStore)).enableTLS().requireTLS()
                    .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, pass, context) -> {
                        if (!user.equals(username) || !pass.equals(password)) {
                            throw new LoginFailedException();
                        }
                    }))
                    .requireAuth()
                    .messageHandler((context, from, to, data) -> mails.add(new Mail(from, to, parse(data))))
                    .build();
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the test SMTP server did not start", e);
        }
    }

    private static synchronized Path stores() throws IOException, InterruptedException {
        if (stores == null) {
            Path folder = Files.createTempDirectory("warden-smtp-tls");
            Path keyStore = folder.resolve("smtp-server.p12");
            keytool("-genkeypair", "-alias", "smtp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
            Path certificate = folder.resolve("smtp.cer");
            keytool("-exportcert", "-alias", "smtp", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                    "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", "smtp", "-file", certificate.toString(), "-storetype",
                    "PKCS12", "-keystore", folder.resolve("smtp-trust.p12").toString(), "-storepass", STORE_PASSWORD);
            stores = folder;
        }
        return stores;
    }

    public int port() {
        return server.getPortAllocated();
    }

    public Path trustStore() {
        return trustStore;
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    private static SSLContext serverTls(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static MimeMessage parse(byte[] data) {
        try {
            return new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new UncheckedIOException(new IOException("keytool failed: " + output));
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
