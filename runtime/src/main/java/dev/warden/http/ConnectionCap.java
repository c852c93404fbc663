package dev.warden.http;

import java.lang.management.ManagementFactory;

import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cap on open connections ({@code http.maxConnections}). Each connection holds a file descriptor; without a cap a
 * flood of idle sockets used them all, and then the database, the run journal and plugin jars failed to open ("Too
 * many open files"), which loses work, not just connections. At the cap Jetty stops accepting: further clients wait in
 * the kernel's accept queue and are taken as connections close (idle ones after Jetty's 30 s idle timeout; the idle
 * timeout is not shortened at the cap, since a wait-mode caller may rightly be silent for up to a minute).
 */
final class ConnectionCap {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCap.class);

    /**
     * File descriptors kept for Warden itself. A started Warden with the example rules and the three shipped plugins
     * holds 108 (ls /proc/PID/fd: jars, H2's files, the journal); near three times that leaves room for more plugins
     * and for the outbound connections of many runs at once.
     */
    static final int RESERVED_FILES = 300;

    private ConnectionCap() {
    }

    static NetworkConnectionLimit limit(Server server, int maxConnections) {
        int cap = maxConnections;
        long files = fileLimit();
        if (files > 0 && cap > files - RESERVED_FILES) {
            cap = (int) Math.max(1, files - RESERVED_FILES);
            LOG.warn("http.maxConnections lowered from {} to {}: the process may open {} files (ulimit -n) and "
                    + "Warden keeps {} for its database, journal and plugins; raise the limit to accept more "
                    + "connections", maxConnections, cap, files, RESERVED_FILES);
        }
        return new NetworkConnectionLimit(cap, server);
    }

    /** The most files this process may open, or 0 when the platform does not say. */
    private static long fileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return 0;
    }
}
