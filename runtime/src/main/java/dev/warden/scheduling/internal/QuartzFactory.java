package dev.warden.scheduling.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import com.zaxxer.hikari.HikariDataSource;

import dev.warden.config.SchedulesConfig;
import dev.warden.store.Database;

/**
 * Builds Warden's Quartz scheduler: a JDBC job store in Warden's database, on a connection pool of its own so that
 * busy run workers never keep a fire waiting for a connection.
 */
public final class QuartzFactory {

    /** Quartz's scheduler name, the same on every instance: it is how clustered instances find each other. */
    public static final String SCHEDULER_NAME = "warden";
    private static final Object REPOSITORY = new Object();
    private static final Duration STANDBY_PAUSE = Duration.ofMillis(300);

    private QuartzFactory() {
    }

    /** A Quartz scheduler with its pool; both are closed by {@link #close}. */
    public record Quartz(Scheduler scheduler, HikariDataSource pool, boolean clustered) {

        public void close() {
            try {
                // Shutdown interrupts Quartz's scheduler thread; in the middle of a database call that aborts the
                // call (and an interrupted H2 file channel closes). Standby first lets it finish and park.
                scheduler.standby();
                Thread.sleep(STANDBY_PAUSE.toMillis());
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                throw new IllegalStateException("stopping Quartz failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pool.close();
            }
        }
    }

    /** Creates the scheduler in standby: nothing fires until it is started. */
    public static Quartz create(Database database, SchedulesConfig config, String instanceId) {
        Database.Vendor vendor = database.vendor();
        boolean clustered = config.clustered() != null ? config.clustered() : vendor == Database.Vendor.POSTGRESQL;
        // Opened as Warden's own pool is: after H2 closed the database, the same file again, never a new empty one.
        HikariDataSource pool = database.newPool("warden-quartz-" + instanceId, config.threads() + 3);
        // DBConnectionManager is one per JVM; a name per instance keeps two Wardens in one JVM (tests) apart.
        String dataSourceName = "warden-" + instanceId;
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void shutdown() {
            }

            @Override
            public void initialize() {
            }
        });
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_THREAD_NAME, "warden-quartz");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        // Quartz looks this far ahead for due triggers: its 30 s default makes every look-up sort the next 30 s of
        // triggers (5,000 of 10,000 once-a-minute rules, 8 ms on H2); 1 s keeps it under a millisecond.
        p.setProperty(StdSchedulerFactory.PROP_SCHED_IDLE_WAIT_TIME, "1000");
        // Fires due at the same instant are acquired and fired together; a window of 0 never fires one early.
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAX_BATCH_SIZE, String.valueOf(config.threads()));
        p.setProperty(StdSchedulerFactory.PROP_SCHED_BATCH_TIME_WINDOW, "0");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, SimpleThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(config.threads()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "warden-fire");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        // JobStoreTX, with a backlog of fires (after a short stop or a stall) handled as a misfire.
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, WardenJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", vendor == Database.Vendor.POSTGRESQL
                ? PostgreSQLDelegate.class.getName() : StdJDBCDelegate.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        // Job data as strings, never Java-serialized objects: readable in the tables and safe across versions.
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(config.misfireThreshold().toMillis()));
        p.setProperty("org.quartz.jobStore.isClustered", String.valueOf(clustered));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                String.valueOf(config.checkinInterval().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        try {
            synchronized (REPOSITORY) {
                Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
                // The JVM-wide repository hands out schedulers by name; every instance is named "warden", so the
                // next Warden in this JVM must not be handed this one.
                SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
                return new Quartz(scheduler, pool, clustered);
            }
        } catch (SchedulerException | RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot create the Quartz scheduler: " + e.getMessage(), e);
        }
    }
}
