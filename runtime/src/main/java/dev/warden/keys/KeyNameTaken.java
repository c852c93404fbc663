package dev.warden.keys;

/**
 * A new key's name is that of a key still in use: neither revoked nor expired. A name identifies one key, so that
 * "revoke the ci key" and the audit's {@code key:Ab12Cd34 (ci)} mean one key; names are compared without surrounding
 * blanks and regardless of letter case ({@code CI} and {@code ci} would read as the same key). A revoked or expired
 * key can never work again, so its name is free.
 */
public final class KeyNameTaken extends IllegalStateException {

    private final transient ApiKey holder;

    KeyNameTaken(String wanted, ApiKey holder) {
        super("a key named '" + holder.name() + "' is in use already: " + holder.id()
                + (holder.shownPrefix() == null ? "" : " (" + holder.shownPrefix() + ")")
                + (holder.name().equals(wanted) ? "" : "; key names are compared regardless of letter case")
                + ". Revoke it first (warden keys revoke " + holder.id() + ", or POST /api/v1/keys/" + holder.id()
                + "/revoke) or choose another name; nothing was created");
        this.holder = holder;
    }

    /** The key that has the name. */
    public ApiKey holder() {
        return holder;
    }
}
