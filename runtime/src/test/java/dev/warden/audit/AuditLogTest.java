package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.store.Database;
import dev.warden.testing.SetClock;
import dev.warden.testing.SimpleWarden;

/**
 * Refused requests in the audit trail: one entry per address, actor, reason and route per quiet period, its repeats
 * counted.
 */
class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void aRefusalRepeatedWithinTheQuietPeriodIsRecordedOnceAndItsRepeatsAreCountedInTheNextEntry() {
        SimpleWarden setup = new SimpleWarden(dir);
        SetClock clock = new SetClock(Instant.parse("2026-12-06T10:00:00Z"));
        try (Database db = Database.open(setup.config().database(), setup.config().paths().data())) {
            AuditLog log = new AuditLog(db.dataSource(), clock);
            for (int i = 0; i < 3; i++) {
                log.refusal("key k1 (ci)", "SCOPE_MISSING", "GET /api/v1/rules", "needs rules:read", "10.0.0.1");
            }
            log.refusal("key k1 (ci)", "SCOPE_MISSING", "GET /metrics", "needs runs:read", "10.0.0.1");
            clock.advance(AuditLog.REFUSAL_QUIET.plusSeconds(1));
            log.refusal("key k1 (ci)", "SCOPE_MISSING", "GET /api/v1/rules", "needs rules:read", "10.0.0.1");

            List<AuditEntry> entries = log.list("request.refused", null, 10).reversed();
            assertThat(entries).extracting(AuditEntry::target)
                    .containsExactly("GET /api/v1/rules", "GET /metrics", "GET /api/v1/rules");
            assertThat(entries.get(0).detail()).isEqualTo("SCOPE_MISSING: needs rules:read");
            assertThat(entries.get(2).detail()).contains("2 more like it since 2026-12-06T10:00:00Z");
        }
    }
}
