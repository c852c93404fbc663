package dev.warden.simulator.internal.audit;

import dev.warden.simulator.internal.content.Page;
import dev.warden.simulator.internal.directory.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The site's audit log and the owner emails that go with admin-key use. Used under the simulator's lock.
 */
public final class AuditLog {
    private final List<AuditRecord> records = new ArrayList<>();
    private final List<OwnerEmail> emails = new ArrayList<>();

    public List<AuditRecord> records() {
        return List.copyOf(records);
    }

    public List<OwnerEmail> emails() {
        return List.copyOf(emails);
    }

    public void add(AuditRecord record) {
        records.add(record);
    }

    public void adminKeyEnabled(User user, String address, Instant now, Instant expiry, int minutes) {
        records.add(new AuditRecord(user.accountId(), user.displayName(), address, now, "Admin key enabled",
                "Admin key enabled for " + minutes + " minutes, until " + expiry, "Security",
                user.displayName(), "User"));
    }

    public void adminKeyDisabled(User user, String address, Instant now) {
        records.add(new AuditRecord(user.accountId(), user.displayName(), address, now, "Admin key disabled",
                "Admin key disabled", "Security", user.displayName(), "User"));
    }

    /**
     * Records content touched through an admin key and emails its owner.
     *
     * @param action a past-tense verb phrase such as "viewed" or "restrictions updated"
     */
    public void contentThroughAdminKey(User user, String address, Instant now, Page page, String action,
            String ownerEmail) {
        records.add(new AuditRecord(user.accountId(), user.displayName(), address, now,
                "Page " + action + " with admin key",
                "Page \"" + page.title() + "\" (id " + page.id() + ") " + action + " by " + user.displayName()
                        + " using an admin key",
                "Pages", page.title(), "Page"));
        if (ownerEmail != null) {
            emails.add(new OwnerEmail(ownerEmail, "Your page \"" + page.title() + "\" was " + action
                    + " by an admin using an admin key", page.id(), now));
        }
    }
}
