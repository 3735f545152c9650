package io.chartline.common.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The role → permission table. Loaded from configuration (JSON: role → list of permission ids);
 * {@link #defaults()} is the shipped table. Unknown roles grant nothing.
 */
public final class RolePermissions {

  private final Map<String, Set<Permission>> table;

  private RolePermissions(Map<String, Set<Permission>> table) {
    this.table = Map.copyOf(table);
  }

  /**
   * Builds the table from JSON such as {@code {"clinician": ["documents:read", "query"]}}.
   *
   * @throws IllegalArgumentException naming the role and permission when an id is unknown
   */
  public static RolePermissions fromJson(JsonObject json) {
    Map<String, Set<Permission>> t = new HashMap<>();
    for (String role : json.fieldNames()) {
      EnumSet<Permission> perms = EnumSet.noneOf(Permission.class);
      if (!(json.getValue(role) instanceof JsonArray ids)) {
        throw new IllegalArgumentException("auth.roles." + role + ": must be a list of permission ids");
      }
      for (Object id : ids) {
        try {
          perms.add(Permission.fromId(String.valueOf(id)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("auth.roles." + role + ": " + e.getMessage(), e);
        }
      }
      t.put(role, perms);
    }
    return new RolePermissions(t);
  }

  /**
   * The shipped table. super_admin manages tenants but reads no PHI without break-glass. patient
   * gets nothing yet: a patient may only ever see their own documents, and per-patient scoping
   * in SQL is not built, so tenant-wide reads must not be granted to that role.
   */
  public static RolePermissions defaults() {
    return fromJson(new JsonObject()
        .put("tenant_admin", new JsonArray().add("documents:write").add("documents:read").add("documents:delete")
            .add("search").add("query").add("audit:read").add("keys:rotate"))
        .put("clinician", new JsonArray().add("documents:write").add("documents:read").add("search").add("query"))
        .put("analyst", new JsonArray().add("documents:read").add("search").add("query"))
        .put("patient", new JsonArray())
        .put("auditor", new JsonArray().add("audit:read").add("audit:verify"))
        .put("service", new JsonArray().add("documents:write").add("documents:read").add("search").add("query"))
        .put("super_admin", new JsonArray().add("tenants:manage")));
  }

  /** @return true when any of {@code roles} grants {@code permission}. */
  public boolean allows(Collection<String> roles, Permission permission) {
    for (String r : roles) {
      Set<Permission> perms = table.get(r);
      if (perms != null && perms.contains(permission)) {
        return true;
      }
    }
    return false;
  }

  public Set<String> roles() {
    return table.keySet();
  }
}
