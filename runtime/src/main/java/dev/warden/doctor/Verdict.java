package dev.warden.doctor;

/**
 * One line of {@code warden doctor}.
 *
 * @param check what was checked, e.g. {@code credentials}
 * @param detail what was found, in plain words
 * @param diagnosis the likely causes and the next check, or null
 */
public record Verdict(Status status, String check, String detail, String diagnosis) {

    /** OK, WARN (works, with a caveat), FAIL (broken) or SKIP (could not be checked). */
    public enum Status { OK, WARN, FAIL, SKIP }

    static Verdict ok(String check, String detail) {
        return new Verdict(Status.OK, check, detail, null);
    }

    static Verdict skip(String check, String detail) {
        return new Verdict(Status.SKIP, check, detail, null);
    }
}
