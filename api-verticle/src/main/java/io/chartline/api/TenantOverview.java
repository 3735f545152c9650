package io.chartline.api;

import io.chartline.common.tenant.TenantDirectory;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator may know about a tenant without reading its PHI: state, counts, key versions,
 * open break-glass grants and its deletion job, if any. Never titles, text, patient ids or reasons.
 */
public final class TenantOverview {

  private final TenantDirectory tenants;

  public TenantOverview(TenantDirectory tenants) {
    this.tenants = Objects.requireNonNull(tenants, "tenants");
  }

  /** @return the overview, or empty when the tenant does not exist */
  public Future<Optional<JsonObject>> describe(TenantId tenant) {
    return tenants.summary(tenant).map(found -> found.map(s -> {
      JsonObject byStatus = new JsonObject();
      s.documentsByStatus().forEach(byStatus::put);
      JsonArray versions = new JsonArray();
      s.keyVersions().forEach(v -> versions.add(new JsonObject().put("version", v.version()).put("state", v.state())));
      return new JsonObject()
          .put("tenant_id", tenant.value())
          .put("state", s.state().name().toLowerCase(Locale.ROOT))
          .put("created_at", s.createdAt().toString())
          .put("deleted_at", s.deletedAt() == null ? null : s.deletedAt().toString())
          .put("documents_by_status", byStatus)
          .put("chunks", s.chunks())
          .put("key_versions", versions)
          .put("open_break_glass_grants", s.openBreakGlassGrants())
          .put("deletion", s.deletion() == null ? null : new JsonObject().put("job_id", s.deletion().jobId().toString())
              .put("state", s.deletion().state()).put("step", s.deletion().step()));
    }));
  }
}
