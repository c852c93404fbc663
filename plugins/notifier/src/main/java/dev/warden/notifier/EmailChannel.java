package dev.warden.notifier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.warden.notifier.SmtpClient.SmtpException;
import dev.warden.plugin.HttpClientFactory.RetryObserver;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.PluginSettings;
import dev.warden.plugin.RetryPolicy;
import dev.warden.plugin.RuleArguments;

/**
 * Email over SMTP: {@code host}, {@code port} (587), {@code tls} ({@code starttls} by default, {@code none} for a
 * trusted local relay), {@code username} with the secret {@code password}, {@code from}, {@code to} (comma list),
 * {@code subject}, {@code timeout} (10s, for each attempt's whole conversation), {@code dataTimeout} (10m, for the
 * acknowledgement of a message sent in full) and {@code trustStore} (a PKCS12 file, password in the secret
 * {@code trustStorePassword}) for a server whose certificate a private CA signed. Every address, configured or given
 * by a rule, must be a plain {@code local@domain}; a bad one is refused before anything is sent.
 */
final class EmailChannel implements Channel {

    private final String name;
    private final PluginContext context;
    private final SmtpClient smtp;
    private final String username;
    private final String password;
    private final String from;
    private final List<String> to;
    private final String subject;

    private EmailChannel(String name, PluginContext context, SmtpClient smtp, String username, String password,
                         String from, List<String> to, String subject) {
        this.name = name;
        this.context = context;
        this.smtp = smtp;
        this.username = username;
        this.password = password;
        this.from = from;
        this.to = to;
        this.subject = subject;
    }

    static EmailChannel create(String name, PluginContext context, PluginSettings settings) {
        String prefix = "channels." + name + ".";
        String host = settings.get("host").orElseThrow(() -> new IllegalArgumentException("channel '" + name
                + "' needs notifier.channels." + name + ".host"));
        String from = settings.get("from").map(String::trim).orElseThrow(() -> new IllegalArgumentException(
                "channel '" + name + "' needs notifier.channels." + name + ".from"));
        if (!Addresses.plain(from)) {
            throw new IllegalArgumentException("notifier.channels." + name + ".from must be a plain address "
                    + "(local@domain), got " + Addresses.shown(from));
        }
        SmtpClient.Security security = switch (settings.get("tls", "starttls")) {
            case "starttls" -> SmtpClient.Security.STARTTLS;
            case "none" -> SmtpClient.Security.NONE;
            default -> throw new IllegalArgumentException("notifier.channels." + name + ".tls must be starttls or none");
        };
        int port;
        try {
            port = Integer.parseInt(settings.get("port", "587").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("notifier.channels." + name + ".port must be a number");
        }
        SSLContext tls = tls(name, settings.get("trustStore").orElse(null),
                context.secret(prefix + "trustStorePassword").orElse(""));
        SmtpClient smtp = new SmtpClient(host, port, security, tls, positive(settings, name, "timeout",
                Duration.ofSeconds(10)), positive(settings, name, "dataTimeout", Duration.ofMinutes(10)));
        List<String> to = Arrays.stream(settings.get("to", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        for (String address : to) {
            if (!Addresses.plain(address)) {
                throw new IllegalArgumentException("notifier.channels." + name + ".to must list plain addresses "
                        + "(local@domain), got " + Addresses.shown(address));
            }
        }
        String subject = settings.get("subject", "Warden notification");
        if (subject.length() > EmailMessage.MAX_SUBJECT) {
            throw new IllegalArgumentException("notifier.channels." + name + ".subject is " + subject.length()
                    + " characters long; a subject holds at most " + EmailMessage.MAX_SUBJECT);
        }
        return new EmailChannel(name, context, smtp, settings.get("username").orElse(null),
                context.secret(prefix + "password").orElse(""), from, to, subject);
    }

    private static Duration positive(PluginSettings settings, String name, String key, Duration fallback) {
        Duration value;
        try {
            value = settings.duration(key, fallback);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("notifier.channels." + name + "." + e.getMessage());
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("notifier.channels." + name + "." + key + " must be more than zero "
                    + "(it bounds the conversation with the SMTP server), got " + value.toMillis() + "ms");
        }
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public List<String> options() {
        return List.of("subject", "to");
    }

    @Override
    public void check(RuleArguments args, Map<String, Object> options) {
        Object title = options.get("subject");
        if (title != null && !(title instanceof String)) {
            throw args.bad("subject must be a string, not " + RuleArguments.typeOf(title));
        }
        if (title instanceof String s && s.length() > EmailMessage.MAX_SUBJECT) {
            throw args.bad("subject is " + s.length() + " characters long; a subject holds at most "
                    + EmailMessage.MAX_SUBJECT);
        }
    }

    @Override
    public void deliver(String text, Map<String, Object> options, RetryObserver observer) throws DeliveryException {
        List<String> recipients = recipients(options.get("to"));
        if (recipients.isEmpty()) {
            throw new DeliveryException(0, "channel '" + name + "' has no recipients: set notifier.channels."
                    + name + ".to or pass options.to");
        }
        String title = options.get("subject") instanceof String s && !s.isBlank() ? s : subject;
        String message = EmailMessage.render(from, recipients, title, text,
                ZonedDateTime.ofInstant(context.clock().instant(), java.time.ZoneOffset.UTC));
        RetryPolicy policy = context.http().retryPolicy();
        Instant deadline = Instant.now().plus(policy.maxTotal());
        for (int attempt = 1; ; attempt++) {
            try {
                smtp.send(username, password, from, recipients, message);
                return;
            } catch (SmtpClient.Unconfirmed e) {
                // The server may have queued it: sending it again could deliver it twice, so it is not retried.
                throw new DeliveryException(0, DeliveryException.UNCONFIRMED, "channel '" + name + "' sent the "
                        + "message in full on attempt " + attempt + " but " + e.getMessage() + "; it may have been "
                        + "delivered, so it was not sent again");
            } catch (SmtpClient.Interrupted e) {
                throw new DeliveryException(0, "channel '" + name + "': sending was interrupted");
            } catch (IOException e) {
                // SmtpClient's messages name the step that failed, never the server's address or a credential.
                String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                Duration wait = policy.backoff(attempt);
                boolean permanent = e instanceof SmtpException smtpError && smtpError.permanent();
                if (permanent || attempt >= policy.maxAttempts() || Instant.now().plus(wait).isAfter(deadline)) {
                    throw new DeliveryException(e instanceof SmtpException s ? s.code() : 0, "channel '" + name
                            + "' failed after " + attempt + " attempt(s): " + reason);
                }
                observer.retrying(attempt, reason, wait);
                sleep(wait);
            }
        }
    }

    /** {@code options.to}: absent for the channel's own, else a comma list or a list of plain addresses. */
    private List<String> recipients(Object given) throws DeliveryException {
        List<String> addresses;
        if (given == null) {
            return to;
        } else if (given instanceof String s) {
            addresses = Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        } else if (given instanceof List<?> list) {
            addresses = new java.util.ArrayList<>();
            for (Object element : list) {
                if (!(element instanceof String s)) {
                    throw badAddress("options.to must hold strings, got " + describe(element));
                }
                addresses.add(s.trim());
            }
        } else {
            throw badAddress("options.to must be an address, a comma list or a list of addresses, got "
                    + describe(given));
        }
        for (String address : addresses) {
            if (!Addresses.plain(address)) {
                throw badAddress("options.to holds " + Addresses.shown(address) + ", which is not a plain address "
                        + "(local@domain)");
            }
        }
        return addresses;
    }

    private DeliveryException badAddress(String problem) {
        return new DeliveryException(400, DeliveryException.BAD_ADDRESS, "channel '" + name + "': " + problem
                + "; nothing was sent");
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof java.util.Map<?, ?> ? "an object"
                : value instanceof List<?> ? "a list" : "a " + value.getClass().getSimpleName().toLowerCase(
                        java.util.Locale.ROOT);
    }

    private static void sleep(Duration wait) throws DeliveryException {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(0, "sending was interrupted");
        }
    }

    private static SSLContext tls(String name, String trustStore, String password) {
        try {
            if (trustStore == null) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
                store.load(in, password.toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("channel '" + name + "': trustStore " + trustStore
                    + " cannot be read: " + e.getMessage());
        }
    }
}
