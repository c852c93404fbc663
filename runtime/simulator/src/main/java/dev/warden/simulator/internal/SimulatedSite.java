package dev.warden.simulator.internal;

import dev.warden.simulator.internal.adminkey.AdminKeyStore;
import dev.warden.simulator.internal.audit.AuditLog;
import dev.warden.simulator.internal.compliance.ComplianceStore;
import dev.warden.simulator.internal.content.ContentStore;
import dev.warden.simulator.internal.directory.Directory;

/**
 * Everything a reset throws away and reloads from the fixture. Not thread-safe: handlers reach it only through
 * {@link SimulatorState}, under its lock.
 */
public record SimulatedSite(
        SiteSettings settings,
        Directory directory,
        ContentStore content,
        AdminKeyStore adminKeys,
        AuditLog audit,
        ComplianceStore compliance) {

    public static SimulatedSite empty(SiteSettings settings) {
        return new SimulatedSite(settings, new Directory(), new ContentStore(), new AdminKeyStore(), new AuditLog(),
                new ComplianceStore());
    }
}
