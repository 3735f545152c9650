package io.chartline.ingest.schedule;

/**
 * How the ingest stage shares its parse workers between tenants.
 *
 * @param workers parse worker threads ({@code CHARTLINE_PARSE_THREADS})
 * @param maxWorkersPerTenant the most workers one tenant's documents hold at once
 *     ({@code CHARTLINE_PARSE_TENANT_THREADS}); below {@code workers}, another tenant always finds
 *     one free within the time a single document may take
 * @param capacity documents waiting for a worker, all tenants together ({@code CHARTLINE_PARSE_QUEUE})
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ParseQueueConfig(int workers, int maxWorkersPerTenant, int capacity) {

  public ParseQueueConfig {
    if (workers < 1) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_THREADS must be >= 1, was " + workers);
    }
    if (maxWorkersPerTenant < 1 || maxWorkersPerTenant > workers) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_TENANT_THREADS must be between 1 and CHARTLINE_PARSE_THREADS ("
          + workers + "), was " + maxWorkersPerTenant);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_QUEUE must be >= 1, was " + capacity);
    }
  }

  /** @return the default worker count for {@code cores}: one per core, at least 2 */
  public static int defaultWorkers(int cores) {
    return Math.max(2, cores);
  }

  /** @return the default per-tenant cap for {@code workers}: half of them, rounded up, leaving the rest to others */
  public static int defaultPerTenant(int workers) {
    return Math.max(1, Math.min(workers - 1, (workers + 1) / 2));
  }
}
