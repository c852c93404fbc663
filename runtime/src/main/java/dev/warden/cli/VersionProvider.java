package dev.warden.cli;

import picocli.CommandLine;

import dev.warden.Version;

/** Prints Warden's and the JVM's versions for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"warden " + Version.current(),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
