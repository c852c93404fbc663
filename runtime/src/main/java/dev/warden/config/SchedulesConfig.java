package dev.warden.config;

import java.time.Duration;

/**
 * How cron and every triggers run on Quartz.
 *
 * @param threads Quartz threads that fire triggers (a fire only records and queues a run, so few are needed)
 * @param misfireThreshold how late a fire may be and still count as on time; later ones are misfires
 * @param clustered whether instances share the schedules through the database; null means yes on PostgreSQL
 * @param checkinInterval how often a clustered instance tells the others it is alive
 */
public record SchedulesConfig(int threads, Duration misfireThreshold, Boolean clustered, Duration checkinInterval) {
}
