package io.chartline.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
      "              documents:write documents:read documents:delete search query audit:read audit:verify tenants:manage keys:rotate",
      "tenant_admin  X               X              X                X      X     X          .            .              X",
      "clinician     X               X              .                X      X     .          .            .              .",
      "analyst       .               X              .                X      X     .          .            .              .",
      "patient       .               .              .                .      .     .          .            .              .",
      "auditor       .               .              .                .      .     X          X            .              .",
      "service       X               X              .                X      X     .          .            .              .",
      "super_admin   .               .              .                .      .     .          .            X              .",
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

  /** Permission ids are exact: a different case is unknown. */
  @Test
  void permissionIdsAreCaseSensitive() {
    assertThatThrownBy(() -> RolePermissions.fromJson(new JsonObject().put("x", new JsonArray().add("QUERY"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x");
  }
}
