package dev.warden.simulator.internal.directory;

import dev.warden.simulator.SeededUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Users, groups and their credentials. Not thread-safe: used under the simulator's lock. */
public final class Directory {
    private final Map<String, User> byAccountId = new LinkedHashMap<>();
    private final Map<String, User> byEmail = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();

    public void addGroup(Group group) {
        groups.put(group.name(), group);
    }

    public void addUser(User user) {
        byAccountId.put(user.accountId(), user);
        byEmail.put(user.email().toLowerCase(), user);
    }

    public Collection<User> users() {
        return byAccountId.values();
    }

    public Optional<User> byAccountId(String accountId) {
        return Optional.ofNullable(byAccountId.get(accountId));
    }

    public Optional<User> byEmail(String email) {
        return Optional.ofNullable(byEmail.get(email.toLowerCase()));
    }

    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** The user whose classic token this is, revoked or not; credentials are compared in constant time. */
    public Optional<User> classic(String email, String token) {
        return byEmail(email).filter(user -> same(user.token(), token));
    }

    public Optional<ScopedCredential> scoped(String email, String token) {
        return byEmail(email).flatMap(user -> user.scopedTokens().stream()
                .filter(scoped -> same(scoped.token(), token))
                .findFirst()
                .map(scoped -> new ScopedCredential(user, scoped)));
    }

    /** Whether {@code token} is any user's scoped token, whatever email came with it. */
    public boolean isScopedToken(String token) {
        return byAccountId.values().stream()
                .flatMap(user -> user.scopedTokens().stream())
                .anyMatch(scoped -> same(scoped.token(), token));
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** A scoped token together with the user it acts for. */
    public record ScopedCredential(User user, SeededUser.ScopedToken token) {}
}
