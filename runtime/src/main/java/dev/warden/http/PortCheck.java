package dev.warden.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.warden.config.HttpConfig;

/**
 * Whether the server's address can be listened on, asked before Warden opens its store: a start that fails at the
 * port would otherwise have recovered and begun the queued runs, cancelled them on the way out, fired schedules and
 * printed the bootstrap key into a start that never served. The port is bound and released at once, the way Jetty
 * binds it (address reuse on), so only a process taking it in the next second still fails the start later.
 */
public final class PortCheck {

    private PortCheck() {
    }

    /** @throws IllegalStateException one sentence naming the address, the settings and what to do */
    public static void requireFree(HttpConfig config) {
        if (config.port() == 0) {
            return;
        }
        String where = config.host() + ":" + config.port();
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new IllegalStateException("the HTTP host '" + config.host() + "' is not a known name of this "
                    + "machine (http.host, WARDEN_HOST): use 127.0.0.1, 0.0.0.0 (every interface) or one of its "
                    + "addresses; Warden started nothing");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (BindException e) {
            String why = e.getMessage() == null ? "" : e.getMessage();
            if (why.contains("in use")) {
                throw new IllegalStateException("port " + config.port() + " on " + config.host() + " is in use by "
                        + "another process (http.port, WARDEN_PORT): stop it or choose another port; Warden started "
                        + "nothing", e);
            }
            if (why.contains("ermission")) {
                throw new IllegalStateException("Warden may not listen on " + where + " (http.port, WARDEN_PORT): "
                        + "ports below 1024 need privileges; choose a higher port (e.g. 8080) behind your reverse "
                        + "proxy; Warden started nothing", e);
            }
            throw new IllegalStateException("Warden cannot listen on " + where + " (http.host, http.port; "
                    + "WARDEN_HOST, WARDEN_PORT): " + why + "; is " + config.host() + " an address of this machine? "
                    + "Warden started nothing", e);
        } catch (IOException e) {
            throw new IllegalStateException("Warden cannot listen on " + where + " (http.host, http.port): " + e
                    + "; Warden started nothing", e);
        }
    }
}
