package dev.warden.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The API key of commands that talk to a running Warden: {@code --api-key-file}, else $WARDEN_API_KEY. */
final class ApiKeyOption {

    @Option(names = "--api-key-file", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "File holding the API key to send (default: $WARDEN_API_KEY).")
    Path file;

    /**
     * The key.
     *
     * @param scope the scope the command needs, named in the error
     * @throws IllegalArgumentException saying how to give one when there is none
     */
    String require(String scope) throws IOException {
        String key = file != null ? Files.readString(file).strip() : System.getenv("WARDEN_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("no API key: set WARDEN_API_KEY or --api-key-file to a key with "
                    + scope + " (the bootstrap admin key printed at the first start has it)");
        }
        return key;
    }
}
