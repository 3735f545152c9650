package io.chartline.common.auth;

/** What a route requires. Roles map to permissions in {@link RolePermissions}, as data. */
public enum Permission {
  DOCUMENTS_WRITE("documents:write"),
  DOCUMENTS_READ("documents:read"),
  DOCUMENTS_DELETE("documents:delete"),
  SEARCH("search"),
  QUERY("query"),
  AUDIT_READ("audit:read"),
  AUDIT_VERIFY("audit:verify"),
  TENANTS_MANAGE("tenants:manage"),
  KEYS_ROTATE("keys:rotate"),
  /** Open time-boxed, reasoned, alerted access to one tenant's PHI (super admins). */
  BREAK_GLASS("break_glass:open");

  private final String id;

  Permission(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Permission fromId(String id) {
    for (Permission p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown permission: " + id);
  }
}
