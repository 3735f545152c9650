package io.chartline.common.auth;

import io.chartline.common.tenant.DataScope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The role → permission table. Loaded from configuration (JSON); {@link #defaults()} is the shipped
 * table. Unknown roles grant nothing. An entry is either a list of permission ids or an object:
 *
 * <pre>{@code
 * "clinician": ["documents:write", "documents:read", "search", "query"],
 * "patient_proxy": {"permissions": ["documents:read", "search", "query"],
 *                   "patient_scoped": true, "requires_scope": "can_view_clinical"}
 * }</pre>
 *
 * <p>{@code patient_scoped} roles see only the documents of the patient their token names (a token
 * with such a role and no patient is refused); {@code requires_scope} grants the permissions only
 * to tokens carrying that OAuth scope, such as a proxy's consent. A token that names a patient is
 * narrowed to that patient whatever its roles.
 */
public final class RolePermissions {

  /** One role's grants. */
  record Entry(Set<Permission> permissions, boolean patientScoped, String requiresScope) {
  }

  /**
   * What a caller may do on one permission.
   *
   * @param scope what its reads may see, when allowed
   * @param denial the stable reason when refused: {@code MISSING_PERMISSION},
   *     {@code CONSENT_SCOPE_MISSING} or {@code PATIENT_CONTEXT_REQUIRED}
   */
  public record Access(boolean allowed, DataScope scope, String denial) {

    static Access allow(DataScope scope) {
      return new Access(true, scope, null);
    }

    static Access deny(String reason) {
      return new Access(false, null, reason);
    }
  }

  private final Map<String, Entry> table;

  private RolePermissions(Map<String, Entry> table) {
    this.table = Map.copyOf(table);
  }

  /**
   * Builds the table from JSON such as {@code {"clinician": ["documents:read", "query"]}}.
   *
   * @throws IllegalArgumentException naming the role and what is wrong with its entry
   */
  public static RolePermissions fromJson(JsonObject json) {
    Map<String, Entry> t = new HashMap<>();
    for (String role : json.fieldNames()) {
      Object v = json.getValue(role);
      if (v instanceof JsonArray ids) {
        t.put(role, new Entry(permissions(role, ids), false, null));
      } else if (v instanceof JsonObject o) {
        for (String f : o.fieldNames()) {
          if (!Set.of("permissions", "patient_scoped", "requires_scope").contains(f)) {
            throw new IllegalArgumentException("auth.roles." + role + ": unknown field " + f);
          }
        }
        if (!(o.getValue("permissions") instanceof JsonArray ids)) {
          throw new IllegalArgumentException("auth.roles." + role + ".permissions: must be a list of permission ids");
        }
        if (o.containsKey("patient_scoped") && !(o.getValue("patient_scoped") instanceof Boolean)) {
          throw new IllegalArgumentException("auth.roles." + role + ".patient_scoped: must be true or false");
        }
        Object scope = o.getValue("requires_scope");
        if (scope != null && !(scope instanceof String s && !s.isBlank() && !s.contains(" "))) {
          throw new IllegalArgumentException("auth.roles." + role + ".requires_scope: must be one scope name");
        }
        t.put(role, new Entry(permissions(role, ids), o.getBoolean("patient_scoped", false), (String) scope));
      } else {
        throw new IllegalArgumentException("auth.roles." + role + ": must be a list of permission ids or an object");
      }
    }
    return new RolePermissions(t);
  }

  private static Set<Permission> permissions(String role, JsonArray ids) {
    EnumSet<Permission> perms = EnumSet.noneOf(Permission.class);
    for (Object id : ids) {
      try {
        perms.add(Permission.fromId(String.valueOf(id)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("auth.roles." + role + ": " + e.getMessage(), e);
      }
    }
    return perms;
  }

  /**
   * The shipped table. super_admin manages tenants but reads no PHI without break-glass. patient
   * and patient_proxy read only the documents of the patient their token names; a proxy needs the
   * consent scope {@code can_view_clinical} as well.
   */
  public static RolePermissions defaults() {
    JsonArray patientReads = new JsonArray().add("documents:read").add("search").add("query");
    return fromJson(new JsonObject()
        .put("tenant_admin", new JsonArray().add("documents:write").add("documents:read").add("documents:delete")
            .add("search").add("query").add("audit:read").add("keys:rotate"))
        .put("clinician", new JsonArray().add("documents:write").add("documents:read").add("search").add("query"))
        .put("analyst", new JsonArray().add("documents:read").add("search").add("query"))
        .put("patient", new JsonObject().put("permissions", patientReads).put("patient_scoped", true))
        .put("patient_proxy", new JsonObject().put("permissions", patientReads.copy()).put("patient_scoped", true)
            .put("requires_scope", "can_view_clinical"))
        .put("auditor", new JsonArray().add("audit:read").add("audit:verify"))
        .put("service", new JsonArray().add("documents:write").add("documents:read").add("search").add("query"))
        .put("super_admin", new JsonArray().add("tenants:manage").add("break_glass:open")));
  }

  /**
   * @return true when any of {@code roles} grants {@code permission}, assuming the caller carries
   *     every scope a role requires and names a patient where one is needed (see {@link #access})
   */
  public boolean allows(Collection<String> roles, Permission permission) {
    for (String r : roles) {
      Entry e = table.get(r);
      if (e != null && e.permissions().contains(permission)) {
        return true;
      }
    }
    return false;
  }

  /** @return whether {@code caller} may use {@code permission} and, if so, what its reads may see */
  public Access access(Principal caller, Permission permission) {
    boolean granted = false;
    boolean consentMissing = false;
    boolean patientRole = false;
    for (String r : caller.roles()) {
      Entry e = table.get(r);
      if (e == null) {
        continue;
      }
      patientRole |= e.patientScoped();
      if (!e.permissions().contains(permission)) {
        continue;
      }
      if (e.requiresScope() != null && !caller.scopes().contains(e.requiresScope())) {
        consentMissing = true;
        continue;
      }
      granted = true;
    }
    if (!granted) {
      return Access.deny(consentMissing ? "CONSENT_SCOPE_MISSING" : "MISSING_PERMISSION");
    }
    if (caller.patientId() != null) {
      return Access.allow(DataScope.patient(caller.tenant(), caller.patientId()));
    }
    return patientRole ? Access.deny("PATIENT_CONTEXT_REQUIRED") : Access.allow(DataScope.tenant(caller.tenant()));
  }

  /** @return true when {@code role} reads only the documents of the patient its token names */
  public boolean patientScoped(String role) {
    Entry e = table.get(role);
    return e != null && e.patientScoped();
  }

  /** @return the scope {@code role} requires before its permissions count, or null */
  public String requiredScope(String role) {
    Entry e = table.get(role);
    return e == null ? null : e.requiresScope();
  }

  public Set<String> roles() {
    return table.keySet();
  }
}
