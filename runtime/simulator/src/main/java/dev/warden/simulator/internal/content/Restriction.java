package dev.warden.simulator.internal.content;

import dev.warden.simulator.internal.directory.User;
import java.util.LinkedHashSet;
import java.util.Set;

/** Who a read or update restriction admits: listed users (account ids) and members of listed groups. */
public final class Restriction {
    private final Set<String> users = new LinkedHashSet<>();
    private final Set<String> groups = new LinkedHashSet<>();

    public Set<String> users() {
        return users;
    }

    public Set<String> groups() {
        return groups;
    }

    public boolean isEmpty() {
        return users.isEmpty() && groups.isEmpty();
    }

    /** An empty restriction admits everyone; otherwise the user must be listed or be in a listed group. */
    public boolean admits(User user) {
        return isEmpty() || users.contains(user.accountId()) || groups.stream().anyMatch(user::inGroup);
    }

    public void clear() {
        users.clear();
        groups.clear();
    }
}
