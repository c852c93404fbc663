package dev.warden.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an H2 file that was not closed cleanly open at its newest complete state, before anything opens it.
 *
 * <p>H2 writes each commit as a chunk, reusing free space inside the file. Its file header names one chunk, and each
 * chunk predicts where the next one will go; on opening a file that was not closed, H2 follows that chain from the
 * header and stops where a prediction failed. When a chunk does not land where the one before predicted, H2 rewrites
 * the header, but (H2 2.3 and 2.5) with the chunk before, so the new chunk, and every commit after it until the next
 * header, is unreachable: after a kill -9, H2 opened the file without commits that had returned (as many as 37 in
 * {@code KillNineDurabilityTest}, 3 rounds in 40). The chunks are in the file; H2 finds them only when it scans the
 * whole file, as it does in recovery mode. So after an unclean stop this compares the version H2 would open with the
 * one a full scan finds and, when the scan finds a newer one, opens the file once in recovery mode and closes it
 * cleanly, which writes a header naming that chunk.
 */
public final class H2CrashRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(H2CrashRecovery.class);
    private static final int HEADER_BYTES = 4096;

    private H2CrashRecovery() {
    }

    /**
     * Points the header of the H2 file at its newest complete chunk if the file was not closed cleanly and H2 alone
     * would open an older one. A file that is missing, empty, in use or unreadable is left to the normal open.
     *
     * @return the version recovered, or -1 if nothing was changed
     */
    public static long recoverNewestChunk(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) < 2L * HEADER_BYTES || closedCleanly(file)) {
                return -1;
            }
            String name = file.toString();
            long headerVersion;
            try (MVStore normal = new MVStore.Builder().fileName(name).readOnly().open()) {
                headerVersion = normal.getCurrentVersion();
            }
            long scannedVersion;
            try (MVStore scanned = new MVStore.Builder().fileName(name).readOnly().recoveryMode().open()) {
                scannedVersion = scanned.getCurrentVersion();
            }
            if (scannedVersion <= headerVersion) {
                return -1;
            }
            try (MVStore recovered = new MVStore.Builder().fileName(name).recoveryMode().autoCommitDisabled()
                    .open()) {
                scannedVersion = recovered.getCurrentVersion();
            }
            LOG.warn("{} was not closed cleanly and its header named version {} of the data, not the newest, {}: "
                    + "Warden pointed it at version {} so that no committed change is lost", file, headerVersion,
                    scannedVersion, scannedVersion);
            return scannedVersion;
        } catch (IOException | RuntimeException e) {
            LOG.debug("H2 crash recovery skipped for {}: {}", file, e.toString());
            return -1;
        }
    }

    /** Whether the file's header carries H2's clean-shutdown mark (in either of its two copies). */
    private static boolean closedCleanly(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(2 * HEADER_BYTES);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // Read both copies of the header.
            }
            String headers = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            for (String line : headers.split("[\\n\\x00]+")) {
                if (line.startsWith("H:") && Arrays.asList(line.trim().split(",")).contains("clean:1")) {
                    return true;
                }
            }
            return false;
        }
    }
}
