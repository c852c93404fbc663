package dev.warden.config;

import java.time.Duration;

/**
 * How rules run.
 *
 * @param workers threads that run rules at once
 * @param defaultTimeout a rule's timeout when it declares none
 * @param maxTimeout the longest timeout a rule may declare
 * @param statementLimit JavaScript statements one run may execute, 0 for no limit
 * @param heapGuardPercent heap occupancy (of the maximum) above which running rules are cancelled
 * @param contextsPerWorker warm contexts each worker keeps, least recently used first out
 * @param queueCapacity runs that may wait for a worker before new ones are refused
 */
public record EngineConfig(int workers, Duration defaultTimeout, Duration maxTimeout, long statementLimit,
                           int heapGuardPercent, int contextsPerWorker, int queueCapacity) {
}
