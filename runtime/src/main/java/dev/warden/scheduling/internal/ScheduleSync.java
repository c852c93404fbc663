package dev.warden.scheduling.internal;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.OperableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.warden.rules.LoadedRule;
import dev.warden.rules.RuleProblem;
import dev.warden.rules.SourceLocation;
import dev.warden.rules.Trigger;

/**
 * Makes Quartz's store hold exactly the triggers of the enabled rules: triggers nobody declares any more are
 * removed, new ones added, unchanged ones left alone (so they keep their next fire time). Several instances may
 * sync the same rules at once; a trigger another instance added first is left as it is.
 */
public final class ScheduleSync {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleSync.class);

    private final Scheduler scheduler;
    private final ZoneId serverZone;
    private final Clock clock;
    /** The triggers that could not be built at the last sync, with why; each is logged once while it stays. */
    private volatile List<RuleProblem> problems = List.of();

    public ScheduleSync(Scheduler scheduler, ZoneId serverZone, Clock clock) {
        this.scheduler = scheduler;
        this.serverZone = serverZone;
        this.clock = clock;
    }

    /** What a sync changed, for logs and tests. */
    public record Changes(int added, int removed) {
    }

    /**
     * Syncs the store. A trigger whose window has ended is left out; one that cannot be built is left out too and
     * becomes one of {@link #problems()}, so it never keeps the other rules' schedules from being applied.
     */
    public Changes apply(Collection<LoadedRule> rules, Set<String> disabled) throws SchedulerException {
        Map<TriggerKey, OperableTrigger> wanted = new LinkedHashMap<>();
        List<RuleProblem> failed = new ArrayList<>();
        for (LoadedRule rule : rules) {
            if (disabled.contains(rule.id())) {
                continue;
            }
            for (Trigger t : rule.definition().triggers()) {
                if (t.isScheduled()) {
                    try {
                        OperableTrigger trigger = QuartzTriggers.build(rule.id(), t, serverZone, clock.instant());
                        if (trigger != null && QuartzTriggers.firstFire(trigger) != null) {
                            wanted.put(trigger.getKey(), trigger);
                        }
                    } catch (RuntimeException e) {
                        failed.add(new RuleProblem(t.site() != null ? t.site()
                                : new SourceLocation(rule.file().path(), 1, 1), "rule " + rule.id() + ": "
                                + t.describe() + " cannot be scheduled: " + e.getMessage()));
                    }
                }
            }
        }
        Set<RuleProblem> known = new HashSet<>(problems);
        failed.stream().filter(p -> !known.contains(p)).forEach(p -> LOG.warn("schedules: {}", p));
        problems = List.copyOf(failed);
        Set<TriggerKey> present = scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(QuartzTriggers.GROUP));
        Set<JobKey> jobs = scheduler.getJobKeys(GroupMatcher.jobGroupEquals(QuartzTriggers.GROUP));
        List<TriggerKey> gone = present.stream().filter(k -> !wanted.containsKey(k)).toList();
        if (!gone.isEmpty()) {
            scheduler.unscheduleJobs(gone);
        }
        Set<JobKey> wantedJobs = new HashSet<>();
        wanted.values().forEach(t -> wantedJobs.add(t.getJobKey()));
        List<JobKey> jobsGone = jobs.stream().filter(k -> !wantedJobs.contains(k)).toList();
        if (!jobsGone.isEmpty()) {
            scheduler.deleteJobs(jobsGone);
        }
        List<OperableTrigger> added = wanted.values().stream().filter(t -> !present.contains(t.getKey())).toList();
        add(added, jobs);
        if (!added.isEmpty() || !gone.isEmpty()) {
            LOG.info("schedules: {} trigger(s) added, {} removed, {} in place", added.size(), gone.size(),
                    wanted.size() - added.size());
        }
        return new Changes(added.size(), gone.size());
    }

    /** The triggers the last sync could not schedule, each at its place in its rule file. */
    public List<RuleProblem> problems() {
        return problems;
    }

    private void add(List<OperableTrigger> triggers, Set<JobKey> existingJobs) throws SchedulerException {
        Map<JobDetail, Set<? extends org.quartz.Trigger>> newJobs = new LinkedHashMap<>();
        Map<JobKey, JobDetail> details = new HashMap<>();
        List<OperableTrigger> forExistingJobs = new ArrayList<>();
        for (OperableTrigger t : triggers) {
            if (existingJobs.contains(t.getJobKey())) {
                forExistingJobs.add(t);
                continue;
            }
            JobDetail job = details.computeIfAbsent(t.getJobKey(), key -> JobBuilder.newJob(FireJob.class)
                    .withIdentity(key).storeDurably().build());
            @SuppressWarnings("unchecked")
            Set<org.quartz.Trigger> set = (Set<org.quartz.Trigger>) newJobs.computeIfAbsent(job, j -> new HashSet<>());
            set.add(t);
        }
        try {
            // One transaction for all new rules: ten thousand schedules are stored in seconds, not minutes.
            if (!newJobs.isEmpty()) {
                scheduler.scheduleJobs(newJobs, false);
            }
        } catch (ObjectAlreadyExistsException raced) {
            newJobs.forEach((job, set) -> set.forEach(t -> forExistingJobs.add((OperableTrigger) t)));
            for (JobDetail job : newJobs.keySet()) {
                addJobUnlessPresent(job);
            }
        }
        for (OperableTrigger t : forExistingJobs) {
            try {
                scheduler.scheduleJob(t);
            } catch (ObjectAlreadyExistsException raced) {
                LOG.debug("{} was added by another instance", t.getKey());
            }
        }
    }

    private void addJobUnlessPresent(JobDetail job) throws SchedulerException {
        try {
            scheduler.addJob(job, false);
        } catch (ObjectAlreadyExistsException raced) {
            LOG.debug("{} was added by another instance", job.getKey());
        }
    }
}
