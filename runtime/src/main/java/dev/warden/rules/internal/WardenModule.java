package dev.warden.rules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The source of the built-in {@code warden} module that rule files import. */
public final class WardenModule {

    private static final String SOURCE = load("/dev/warden/rules/warden.mjs");
    private static final String BOOTSTRAP = load("/dev/warden/rules/bootstrap.js");

    private WardenModule() {
    }

    public static String source() {
        return SOURCE;
    }

    /** The host-side script each context evaluates once: it builds a run's context object and invokes the rule. */
    public static String bootstrap() {
        return BOOTSTRAP;
    }

    private static String load(String resource) {
        try (InputStream in = WardenModule.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
