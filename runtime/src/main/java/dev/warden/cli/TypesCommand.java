package dev.warden.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warden types}: prints the TypeScript declarations of the rule API for editors. */
@Command(name = "types", mixinStandardHelpOptions = true,
        description = "Print warden.d.ts, the TypeScript declarations of the rule API (save it beside your rules).")
final class TypesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (InputStream in = TypesCommand.class.getResourceAsStream("/warden.d.ts")) {
            spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        }
        return Exit.OK;
    }
}
