package io.chartline.common.tenant;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Port for what is known about tenants as such: their state and an operator's PHI-free summary. */
public interface TenantDirectory {

  /** A tenant's lifecycle state. */
  enum State { ACTIVE, DELETING, DELETED }

  /** A key version and its state ({@code active}, {@code retiring}, {@code retired}, {@code destroyed}). */
  record KeyVersion(int version, String state) {
  }

  /** A deletion job as the summary names it. */
  record Deletion(UUID jobId, String state, String step) {
  }

  /**
   * What an operator may know about a tenant without reading its PHI: never titles, text, patient
   * ids or reasons.
   *
   * @param deletedAt null while the tenant is not deleted
   * @param deletion null when the tenant has no deletion job
   */
  record Summary(State state, Instant createdAt, Instant deletedAt, Map<String, Long> documentsByStatus, long chunks,
      List<KeyVersion> keyVersions, long openBreakGlassGrants, Deletion deletion) {
  }

  /** @return the tenant's state, or empty when no such tenant is registered */
  Future<Optional<State>> state(TenantId tenant);

  /** @return the tenant's summary, or empty when no such tenant is registered */
  Future<Optional<Summary>> summary(TenantId tenant);
}
