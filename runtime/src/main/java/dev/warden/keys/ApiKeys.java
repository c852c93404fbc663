package dev.warden.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.audit.AuditLog;

/**
 * The runtime's API keys: create (the secret is returned once), revoke, list, and authenticate a presented secret.
 *
 * <p>A name identifies one key in use: creating a key named like one that is neither revoked nor expired is refused
 * ({@link KeyNameTaken}).
 *
 * <p>Authentication reads an in-memory copy of the table, reloaded every {@link #RELOAD_NANOS} (so a revocation
 * made by another Warden on the same database applies within 2 s) and at once after a local change; last-used
 * times are kept in memory and written by {@link #flushLastUsed()}. Thread-safe.
 */
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final long RELOAD_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final KeyStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    /** One creation at a time, so that two requests for the same name cannot both pass the name check. */
    private final ReentrantLock creating = new ReentrantLock();
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private volatile List<KeyStore.Stored> keys = List.of();
    private volatile Map<String, List<KeyStore.Stored>> byPrefix = Map.of();
    private volatile long loadedAt;

    /** @param clock read for every time a key records (created, last used, revoked), in whole milliseconds */
    public ApiKeys(DataSource dataSource, AuditLog audit, Clock clock) {
        this.store = new KeyStore(dataSource);
        this.audit = audit;
        // The table keeps milliseconds: a key shown from memory (just created, or used since the last flush) then
        // shows the times a later read shows.
        this.clock = Clock.tick(clock, Duration.ofMillis(1));
        reload();
    }

    /**
     * Creates a key with a fresh secret, audited as done by {@code by}.
     *
     * @throws IllegalArgumentException when the spec is invalid
     * @throws AccessDenied 403 when {@code by} may not grant what the spec asks for
     * @throws KeyNameTaken when a key in use (neither revoked nor expired) has the name
     */
    public NewKey create(KeySpec spec, Caller by, String address) {
        String id = KeyTokens.randomId();
        return store(spec, id, KeyTokens.token(id), by, address);
    }

    /** Creates a key whose secret the operator chose (WARDEN_ADMIN_KEY). */
    NewKey createWithSecret(KeySpec spec, String secret, Caller by, String address) {
        return store(spec, KeyTokens.randomId(), secret, by, address);
    }

    private NewKey store(KeySpec spec, String id, String secret, Caller by, String address) {
        Instant now = clock.instant();
        spec.validate(now);
        by.requireCanGrant(spec);
        // The expiry comes from the request, parsed against another clock: in whole milliseconds too.
        Instant expires = spec.expiresAt() == null ? null : spec.expiresAt().truncatedTo(ChronoUnit.MILLIS);
        ApiKey key = new ApiKey(id, spec.name().trim(), KeyTokens.prefix(secret), spec.scopes(), spec.rules(),
                spec.hooks(), now, by.actor(), expires, null, null);
        creating.lock();
        try {
            store.insertUnlessNameTaken(key, KeyTokens.hash(secret), now);
        } finally {
            creating.unlock();
        }
        reload();
        audit.record(by.actor(), "key.create", key.actor(), "scopes " + key.scopes().stream().map(Scope::id).sorted()
                .toList() + (key.rules().isEmpty() ? "" : ", rules " + key.rules())
                + (key.hooks().isEmpty() ? "" : ", webhooks " + key.hooks())
                + (key.expiresAt() == null ? ", never expires" : ", expires " + key.expiresAt()), address);
        return new NewKey(key, secret);
    }

    /**
     * Revokes a key for good. A key may revoke only keys it could have created (their scopes its own, their rule and
     * webhook limits within its own).
     *
     * @throws NoSuchElementException when there is no such key
     */
    public ApiKey revoke(String id, Caller by, String address) {
        ApiKey key = get(id).orElseThrow(() -> new NoSuchElementException("no API key with id '" + id + "'"));
        by.requireCanRevoke(key);
        if (store.revoke(id, clock.instant())) {
            reload();
            audit.record(by.actor(), "key.revoke", key.actor(), null, address);
        }
        return get(id).orElseThrow();
    }

    public List<ApiKey> list() {
        current();
        List<ApiKey> out = new ArrayList<>();
        for (KeyStore.Stored s : keys) {
            Instant last = used.get(s.key().id());
            out.add(last == null ? s.key() : s.key().withLastUsed(last));
        }
        return out;
    }

    public Optional<ApiKey> get(String id) {
        return list().stream().filter(k -> k.id().equals(id)).findFirst();
    }

    public boolean isEmpty() {
        current();
        return keys.isEmpty();
    }

    /**
     * The caller a presented secret belongs to.
     *
     * @throws AccessDenied 401 naming why: missing, invalid, expired or revoked
     */
    public Caller authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            throw AccessDenied.unauthenticated("KEY_MISSING", "no API key: send it in the x-api-key header or as "
                    + "'Authorization: Bearer <key>'");
        }
        String token = secret.trim();
        String hash = KeyTokens.hash(token);
        for (KeyStore.Stored candidate : candidates(token, hash)) {
            if (!KeyTokens.sameHash(hash, candidate.hash())) {
                continue;
            }
            ApiKey key = candidate.key();
            if (KeyTokens.isLegacy(key.prefix())) {
                movePrefix(key, KeyTokens.prefix(token, hash));
            }
            Instant now = clock.instant();
            if (key.revokedAt() != null) {
                throw AccessDenied.unauthenticated("KEY_REVOKED", "the API key " + key.id() + " (" + key.name()
                        + ") was revoked at " + key.revokedAt() + "; ask for a new one", key);
            }
            if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
                throw AccessDenied.unauthenticated("KEY_EXPIRED", "the API key " + key.id() + " (" + key.name()
                        + ") expired at " + key.expiresAt() + "; ask for a new one", key);
            }
            used.put(key.id(), now);
            return Caller.of(key);
        }
        throw AccessDenied.unauthenticated("KEY_INVALID", "the API key is not valid: no key matches it");
    }

    private List<KeyStore.Stored> candidates(String token, String hash) {
        Map<String, List<KeyStore.Stored>> index = current();
        String prefix = KeyTokens.prefix(token, hash);
        String legacy = KeyTokens.legacyPrefix(token);
        List<KeyStore.Stored> found = prefix == null ? List.of() : index.getOrDefault(prefix, List.of());
        if (legacy == null || !index.containsKey(legacy)) {
            return found;
        }
        List<KeyStore.Stored> both = new ArrayList<>(found);
        both.addAll(index.get(legacy));
        return both;
    }

    /**
     * A chosen secret stored by an older version has its first characters as prefix: its hash's start replaces
     * them.
     */
    private void movePrefix(ApiKey key, String prefix) {
        try {
            store.setPrefix(key.id(), prefix);
            reload();
        } catch (RuntimeException e) {
            LOG.warn("could not replace the stored prefix of API key {}; trying again at its next use", key.id(), e);
        }
    }

    /** Writes the last-used times gathered since the previous call. */
    public void flushLastUsed() {
        if (used.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>(used);
        try {
            store.touch(batch);
            batch.forEach(used::remove);
            reload();
        } catch (RuntimeException e) {
            LOG.warn("could not record when API keys were last used; trying again later", e);
        }
    }

    private Map<String, List<KeyStore.Stored>> current() {
        if (System.nanoTime() - loadedAt > RELOAD_NANOS && reloading.tryLock()) {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.warn("could not reload API keys; using the copy from {} ms ago",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadedAt), e);
            } finally {
                reloading.unlock();
            }
        }
        return byPrefix;
    }

    private synchronized void reload() {
        List<KeyStore.Stored> all = store.all();
        Map<String, List<KeyStore.Stored>> index = new HashMap<>();
        for (KeyStore.Stored s : all) {
            index.computeIfAbsent(s.key().prefix(), p -> new ArrayList<>()).add(s);
        }
        keys = List.copyOf(all);
        byPrefix = Map.copyOf(index);
        loadedAt = System.nanoTime();
    }
}
