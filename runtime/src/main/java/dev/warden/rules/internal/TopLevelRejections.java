package dev.warden.rules.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

import dev.warden.rules.RuleProblem;
import dev.warden.rules.SourceLocation;

/**
 * Collects the promises a module's top level (or a file it imports) rejected without handling them, as warnings of
 * the rule file: such a promise fails no run and would otherwise leave no trace. One per compile context.
 */
final class TopLevelRejections {

    /** Installed before the module is evaluated; GraalJS calls the handler once the jobs of an evaluation ran. */
    private static final String HANDLER = """
            (() => {
              const seen = [];
              Graal.setUnhandledPromiseRejectionHandler((reason) => {
                let what;
                let stack = '';
                try {
                  what = reason instanceof Error ? String(reason) : JSON.stringify(reason) ?? String(reason);
                  stack = String(reason?.stack ?? '');
                } catch (e) { what = '(unreadable)'; }
                const frame = /\\n\\s*at [^\\n]*?\\(?([^\\s()]+):(\\d+):(\\d+)\\)?\\s*(\\n|$)/.exec(stack);
                seen.push(frame ? [what, frame[1], +frame[2], +frame[3]] : [what]);
              });
              return seen;
            })()""";

    private final Value seen;

    TopLevelRejections(Context context) {
        this.seen = context.eval("js", HANDLER);
    }

    /** One warning per rejection, at the file's line that made it when it was made there. */
    List<RuleProblem> warnings(Path rulesRoot, String file) {
        List<RuleProblem> warnings = new ArrayList<>();
        for (long i = 0; i < seen.getArraySize(); i++) {
            Value rejection = seen.getArrayElement(i);
            String what = rejection.getArrayElement(0).asString();
            String made = rejection.getArraySize() > 1 ? RulesFolder.shown(rulesRoot,
                    rejection.getArrayElement(1).asString()) : null;
            boolean here = file.equals(made);
            String elsewhere = made != null && !here ? " (at " + made + ":" + rejection.getArrayElement(2).asInt()
                    + ")" : "";
            SourceLocation at = here ? new SourceLocation(file, rejection.getArrayElement(2).asInt(),
                    rejection.getArrayElement(3).asInt()) : new SourceLocation(file, 1, 1);
            warnings.add(new RuleProblem(at, "a promise was rejected at the module's top level and nothing handled "
                    + "it (await it or add .catch()): " + what + elsewhere));
        }
        return warnings;
    }
}
