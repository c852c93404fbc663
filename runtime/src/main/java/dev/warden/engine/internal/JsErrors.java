package dev.warden.engine.internal;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import dev.warden.engine.RunError;
import dev.warden.rules.internal.RulesFileSystem;

/** Turns GraalJS exceptions into {@link RunError}s that point at the author's file, line and column. */
public final class JsErrors {

    private JsErrors() {
    }

    public static RunError of(String code, PolyglotException e) {
        SourceSection place = authorFrame(e);
        String stack = stack(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String diagnosis = diagnosis(e);
        if (place == null) {
            return new RunError(code, message, null, null, null, stack, diagnosis);
        }
        return new RunError(code, message, place.getSource().getName(), place.getStartLine(),
                place.getStartColumn(), stack, diagnosis);
    }

    /** The {@code diagnosis} a host call's error carries into the run record when the rule does not catch it. */
    private static String diagnosis(PolyglotException e) {
        try {
            Value guest = e.getGuestObject();
            Value diagnosis = guest == null || !guest.hasMembers() ? null : guest.getMember("diagnosis");
            return diagnosis != null && diagnosis.isString() ? diagnosis.asString() : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The innermost place in a rule file: the throw site, or the first frame that is not Warden's own code. */
    private static SourceSection authorFrame(PolyglotException e) {
        SourceSection location = e.getSourceLocation();
        if (isAuthors(location)) {
            return location;
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && isAuthors(frame.getSourceLocation())) {
                return frame.getSourceLocation();
            }
        }
        return null;
    }

    private static boolean isAuthors(SourceSection section) {
        if (section == null || !section.isAvailable() || section.getSource() == null) {
            return false;
        }
        String name = section.getSource().getName();
        return !name.equals("warden-bootstrap.js") && !name.equals(RulesFileSystem.WARDEN_MODULE)
                && !name.endsWith("warden.mjs");
    }

    private static String stack(PolyglotException e) {
        StringBuilder out = new StringBuilder();
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame() || !isAuthors(frame.getSourceLocation())) {
                continue;
            }
            SourceSection s = frame.getSourceLocation();
            out.append("    at ").append(frame.getRootName() == null || frame.getRootName().isEmpty()
                            ? "<module>" : frame.getRootName())
                    .append(" (").append(s.getSource().getName()).append(':').append(s.getStartLine())
                    .append(':').append(s.getStartColumn()).append(")\n");
        }
        return out.isEmpty() ? null : out.toString().stripTrailing();
    }
}
