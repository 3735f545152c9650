package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.api.ApiVerticle;
import io.chartline.common.auth.Permission;
import io.chartline.common.auth.RolePermissions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Walks every role of the shipped table (and a role the table does not know) across every
 * declared {@code /v1} route of the running API: a route answers 403 {@code FORBIDDEN} exactly
 * when the role lacks the route's permission.
 */
class RoutePermissionsIT {

  @Test
  void everyRoleOnEveryRouteMatchesTheTable() throws Exception {
    RolePermissions table = RolePermissions.defaults();
    List<String> roles = new ArrayList<>(table.roles());
    roles.add("no-such-role");
    HttpClient http = HttpClient.newHttpClient();
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    try (TestNode node = TestNode.start("route_permissions")) {
      for (String role : roles) {
        String tenant = "it-rp-" + role.replace('_', '-');
        // patient-scoped roles name their patient and carry the consent scope they need, so the
        // walk compares the table itself; refusals without them are covered by PatientScopeIT
        JsonObject extra = new JsonObject();
        if (table.patientScoped(role)) {
          extra.put("patient_id", "it-rp-patient");
        }
        if (table.requiredScope(role) != null) {
          extra.put("scope", table.requiredScope(role));
        }
        String token = node.keys().token(tenant, "user-" + role, List.of(role), extra, 600, Clock.systemUTC());
        for (Map.Entry<String, Permission> route : ApiVerticle.ROUTE_PERMISSIONS.entrySet()) {
          String method = route.getKey().substring(0, route.getKey().indexOf(' '));
          String path = route.getKey().substring(method.length() + 1)
              .replace(":id", UUID.randomUUID().toString())
              .replace(":job", UUID.randomUUID().toString())
              // deletion is walked on a tenant that does not exist: allowed means 404, not a purge
              .replace(":tenant", method.equals("DELETE") ? "it-rp-absent" : tenant);
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
              .header("Authorization", "Bearer " + token)
              .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
          boolean allowed = table.allows(List.of(role), route.getValue());
          String cell = role + " × " + route.getKey() + " → " + r.statusCode();
          if (allowed) {
            soft.assertThat(r.statusCode()).as(cell).isNotEqualTo(403).isNotEqualTo(401);
          } else {
            soft.assertThat(r.statusCode()).as(cell).isEqualTo(403);
            soft.assertThat(r.body()).as(cell).contains("\"FORBIDDEN\"");
          }
          checked++;
        }
      }
    }
    soft.assertAll();
    assertThat(checked).isEqualTo(roles.size() * ApiVerticle.ROUTE_PERMISSIONS.size());
  }
}
