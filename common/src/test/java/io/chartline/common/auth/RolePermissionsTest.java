package io.chartline.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The shipped role → permission table, cell by cell, and how a configured table is validated. */
class RolePermissionsTest {

  /**
   * The expected table. Columns are every {@link Permission} in declaration order; rows are every
   * shipped role. Changing the table in code without changing it here fails the test on purpose.
   */
  static final String[] EXPECTED = {
      "              documents:write documents:read documents:delete search query audit:read audit:verify tenants:manage keys:rotate break_glass:open",
      "tenant_admin  X               X              X                X      X     X          .            .              X            .",
      "clinician     X               X              .                X      X     .          .            .              .            .",
      "analyst       .               X              .                X      X     .          .            .              .            .",
      "patient       .               X              .                X      X     .          .            .              .            .",
      "patient_proxy .               X              .                X      X     .          .            .              .            .",
      "auditor       .               .              .                .      .     X          X            .              .            .",
      "service       X               X              .                X      X     .          .            .              .            .",
      "super_admin   .               .              .                .      .     .          .            X              .            X",
  };

  static final Set<Permission> PHI = Set.of(Permission.DOCUMENTS_READ, Permission.SEARCH, Permission.QUERY);

  static List<String> header() {
    return Arrays.asList(EXPECTED[0].trim().split("\\s+"));
  }

  static Map<String, List<Boolean>> expectedRows() {
    Map<String, List<Boolean>> rows = new LinkedHashMap<>();
    for (int i = 1; i < EXPECTED.length; i++) {
      String[] cells = EXPECTED[i].trim().split("\\s+");
      List<Boolean> granted = new ArrayList<>();
      for (int c = 1; c < cells.length; c++) {
        granted.add(cells[c].equals("X"));
      }
      rows.put(cells[0], granted);
    }
    return rows;
  }

  /** The expected matrix has one column per Permission, in order, so a new permission forces a decision here. */
  @Test
  void theExpectedMatrixCoversEveryPermission() {
    assertThat(header()).containsExactlyElementsOf(Arrays.stream(Permission.values()).map(Permission::id).toList());
    expectedRows().forEach((role, cells) -> assertThat(cells).as(role).hasSize(Permission.values().length));
  }

  /** Every role × every permission of defaults() matches the expected matrix, and the role set is the same. */
  @Test
  void defaultsMatchTheExpectedMatrixCellByCell() {
    RolePermissions defaults = RolePermissions.defaults();
    Map<String, List<Boolean>> expected = expectedRows();

    assertThat(defaults.roles()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    SoftAssertions soft = new SoftAssertions();
    for (String role : defaults.roles()) {
      for (Permission p : Permission.values()) {
        soft.assertThat(defaults.allows(List.of(role), p))
            .as("%s × %s", role, p.id())
            .isEqualTo(expected.get(role).get(p.ordinal()));
      }
    }
    soft.assertAll();
  }

  /** super_admin holds no PHI permission (documents:read, search, query) without break-glass. */
  @Test
  void superAdminHasNoPhiPermission() {
    RolePermissions defaults = RolePermissions.defaults();
    for (Permission p : PHI) {
      assertThat(defaults.allows(List.of("super_admin"), p)).as(p.id()).isFalse();
    }
    assertThat(defaults.allows(List.of("super_admin"), Permission.TENANTS_MANAGE)).isTrue();
  }

  /** Unknown roles, role names differing in case, and no roles at all grant nothing. */
  @Test
  void unknownRolesGrantNothing() {
    RolePermissions defaults = RolePermissions.defaults();
    for (Permission p : Permission.values()) {
      assertThat(defaults.allows(List.of("root"), p)).isFalse();
      assertThat(defaults.allows(List.of("Tenant_Admin", "CLINICIAN", " clinician"), p)).isFalse();
      assertThat(defaults.allows(List.of(), p)).isFalse();
    }
  }

  /** Several roles grant the union of their permissions; an unknown role beside a known one does not hurt. */
  @Test
  void severalRolesGrantTheUnion() {
    RolePermissions defaults = RolePermissions.defaults();
    List<String> roles = List.of("nobody", "auditor", "analyst");

    assertThat(defaults.allows(roles, Permission.AUDIT_VERIFY)).isTrue();
    assertThat(defaults.allows(roles, Permission.QUERY)).isTrue();
    assertThat(defaults.allows(roles, Permission.DOCUMENTS_WRITE)).isFalse();
  }

  /** A configured table grants exactly what it lists; an empty list grants nothing. */
  @Test
  void fromJsonGrantsExactlyWhatItLists() {
    RolePermissions table = RolePermissions.fromJson(new JsonObject()
        .put("reader", new JsonArray().add("documents:read"))
        .put("none", new JsonArray()));

    assertThat(table.roles()).containsExactlyInAnyOrder("reader", "none");
    for (Permission p : Permission.values()) {
      assertThat(table.allows(List.of("reader"), p)).as(p.id()).isEqualTo(p == Permission.DOCUMENTS_READ);
      assertThat(table.allows(List.of("none"), p)).isFalse();
    }
  }

  /** An unknown permission id fails the whole table with a message naming the role and the id. */
  @Test
  void fromJsonWithAnUnknownPermissionFailsNamingTheRole() {
    JsonObject json = new JsonObject()
        .put("clinician", new JsonArray().add("documents:read"))
        .put("nurse", new JsonArray().add("query").add("documents:reed"));

    assertThatThrownBy(() -> RolePermissions.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nurse")
        .hasMessageContaining("documents:reed");
  }

  /** patient and patient_proxy read only within the patient their token names; a proxy needs consent. */
  @Test
  void patientRolesAreNarrowedToTheirPatientAndAProxyNeedsConsent() {
    RolePermissions t = RolePermissions.defaults();
    TenantId tenant = TenantId.of("t1");
    for (Permission p : PHI) {
      RolePermissions.Access own = t.access(new Principal(tenant, "u", List.of("patient"), "P1", Set.of()), p);
      assertThat(own.allowed()).isTrue();
      assertThat(own.scope()).isEqualTo(DataScope.patient(tenant, "P1"));

      RolePermissions.Access none = t.access(new Principal(tenant, "u", List.of("patient"), null, Set.of()), p);
      assertThat(none.allowed()).isFalse();
      assertThat(none.denial()).isEqualTo("PATIENT_CONTEXT_REQUIRED");

      RolePermissions.Access noConsent = t.access(new Principal(tenant, "u", List.of("patient_proxy"), "P1",
          Set.of("openid")), p);
      assertThat(noConsent.allowed()).isFalse();
      assertThat(noConsent.denial()).isEqualTo("CONSENT_SCOPE_MISSING");

      RolePermissions.Access consent = t.access(new Principal(tenant, "u", List.of("patient_proxy"), "P1",
          Set.of("can_view_clinical")), p);
      assertThat(consent.scope()).isEqualTo(DataScope.patient(tenant, "P1"));
    }
    assertThat(t.access(new Principal(tenant, "u", List.of("patient"), "P1", Set.of()), Permission.DOCUMENTS_WRITE)
        .denial()).isEqualTo("MISSING_PERMISSION");
  }

  /** A patient in the token narrows any role; a patient role mixed with a staff role is still narrowed. */
  @Test
  void aNamedPatientNarrowsEveryRole() {
    RolePermissions t = RolePermissions.defaults();
    TenantId tenant = TenantId.of("t1");
    assertThat(t.access(new Principal(tenant, "u", List.of("clinician")), Permission.SEARCH).scope())
        .isEqualTo(DataScope.tenant(tenant));
    assertThat(t.access(new Principal(tenant, "u", List.of("clinician"), "P9", Set.of()), Permission.SEARCH).scope())
        .isEqualTo(DataScope.patient(tenant, "P9"));
    RolePermissions.Access mixed = t.access(new Principal(tenant, "u", List.of("clinician", "patient"), null,
        Set.of()), Permission.SEARCH);
    assertThat(mixed.allowed()).isFalse();
    assertThat(mixed.denial()).isEqualTo("PATIENT_CONTEXT_REQUIRED");
  }

  /** Object entries are validated field by field. */
  @Test
  void objectEntriesAreValidated() {
    RolePermissions t = RolePermissions.fromJson(new JsonObject().put("kin", new JsonObject()
        .put("permissions", new JsonArray().add("query")).put("patient_scoped", true).put("requires_scope", "kin")));
    assertThat(t.patientScoped("kin")).isTrue();
    assertThat(t.requiredScope("kin")).isEqualTo("kin");
    for (JsonObject bad : List.of(new JsonObject().put("permissions", "query"),
        new JsonObject().put("permissions", new JsonArray()).put("patient_scoped", "yes"),
        new JsonObject().put("permissions", new JsonArray()).put("requires_scope", "a b"),
        new JsonObject().put("permissions", new JsonArray()).put("scoped", true))) {
      assertThatThrownBy(() -> RolePermissions.fromJson(new JsonObject().put("kin", bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kin");
    }
  }

  /** Permission ids are exact: a different case is unknown. */
  @Test
  void permissionIdsAreCaseSensitive() {
    assertThatThrownBy(() -> RolePermissions.fromJson(new JsonObject().put("x", new JsonArray().add("QUERY"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
  }
}
