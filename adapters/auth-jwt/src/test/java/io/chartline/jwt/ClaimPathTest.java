package io.chartline.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Claim names resolve exactly first, then as dotted paths whose segments may contain dots. */
class ClaimPathTest {

  static final JsonObject CLAIMS = new JsonObject()
      .put("cognito:groups", new JsonArray().add("clinician"))
      .put("https://example.com/roles", new JsonArray().add("auditor"))
      .put("realm_access", new JsonObject().put("roles", new JsonArray().add("analyst")))
      .put("resource_access", new JsonObject().put("my.client", new JsonObject().put("roles", "service")))
      .put("a.b", "exact-wins")
      .put("a", new JsonObject().put("b", "nested-loses"))
      .put("scalar", "x");

  @Test
  void exactNamesWithColonsSlashesAndDotsAreFoundAsTheyAre() {
    assertThat(ClaimPath.resolve(CLAIMS, "cognito:groups")).isEqualTo(new JsonArray().add("clinician"));
    assertThat(ClaimPath.resolve(CLAIMS, "https://example.com/roles")).isEqualTo(new JsonArray().add("auditor"));
    assertThat(ClaimPath.resolve(CLAIMS, "a.b")).isEqualTo("exact-wins");
  }

  @Test
  void dottedPathsWalkNestedObjectsIncludingSegmentsWithDots() {
    assertThat(ClaimPath.resolve(CLAIMS, "realm_access.roles")).isEqualTo(new JsonArray().add("analyst"));
    assertThat(ClaimPath.resolve(CLAIMS, "resource_access.my.client.roles")).isEqualTo("service");
  }

  @Test
  void missingOrNonObjectPathsFindNothing() {
    assertThat(ClaimPath.resolve(CLAIMS, "realm_access.groups")).isNull();
    assertThat(ClaimPath.resolve(CLAIMS, "scalar.x")).isNull();
    assertThat(ClaimPath.resolve(CLAIMS, "nothing")).isNull();
    assertThat(ClaimPath.resolve(CLAIMS, ".roles")).isNull();
    assertThat(ClaimPath.resolve(CLAIMS, "realm_access.")).isNull();
  }
}
