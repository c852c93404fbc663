package dev.warden.http;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The address a request comes from, as the failed-authentication throttle and the audit trail see it: the peer, or,
 * when the peer is one of the configured trusted reverse proxies ({@code http.trustedProxies}), the last address
 * in {@code X-Forwarded-For} that is not one of them. Behind a proxy, every request would otherwise come from the
 * proxy, and one client's failed attempts would throttle all the others. Headers from any other peer are ignored,
 * so a client cannot choose its own address.
 */
public final class ClientAddress {

    private static final String ATTRIBUTE = "warden.address";

    private final Set<String> trusted;

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(ClientAddress::normal).collect(Collectors.toUnmodifiableSet());
    }

    public void register(RoutesConfig routes) {
        routes.before(ctx -> ctx.attribute(ATTRIBUTE, resolve(ctx.req().getRemoteAddr(),
                ctx.header("X-Forwarded-For"))));
    }

    /** The request's address as resolved on arrival. */
    public static String of(Context ctx) {
        String address = ctx.attribute(ATTRIBUTE);
        return address != null ? address : ctx.ip();
    }

    String resolve(String peer, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || !trusted.contains(normal(peer))) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trusted.contains(normal(hop))) {
                return hop.length() <= 64 ? hop : hop.substring(0, 64);
            }
        }
        return peer;
    }

    /** One spelling per address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike); other text as it is. */
    private static String normal(String address) {
        try {
            return InetAddress.ofLiteral(address.strip()).getHostAddress();
        } catch (IllegalArgumentException notAnAddress) {
            return address.strip();
        }
    }
}
