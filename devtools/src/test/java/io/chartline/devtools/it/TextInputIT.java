package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.devtools.it.RawHttp.Answer;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Text that cannot be stored as sent (NUL and other controls, lone surrogates, bytes that are not
 * UTF-8) is refused on every route with 400 {@code INVALID_PARAMETER} naming the field, before it
 * reaches the database: never a 503. PHI (title, patient id) is refused in the URL. Nothing is stored
 * by a refused request, and well-formed UTF-8 titles still round-trip.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class TextInputIT {

  static final String TENANT = "it-text";
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(TestNode.isolatedSettings("text", Map.of()), EnumSet.of(Role.API, Role.AUDIT),
        DevKeys.generate());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void badTextIsRefusedOnEveryRouteNamingTheFieldAndNothingIsStored(Vertx vertx, VertxTestContext ctx) {
    RawHttp http = new RawHttp(vertx, node.port());
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.port()));
    String clinician = node.token(TENANT, "clinician");
    String admin = node.token("platform", "super_admin");
    Map<String, String> text = Map.of("Content-Type", "text/plain");
    byte[] latin1 = "{\"query\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    // GIVEN one bad field on each route, and the name its refusal must carry
    Map<String, Future<Answer>> calls = new LinkedHashMap<>();
    Map<String, String> field = new LinkedHashMap<>();
    calls.put("break-glass reason with NUL", http.json("/v1/admin/break-glass", admin,
        "{\"tenant_id\": \"" + TENANT + "\", \"reason\": \"incident 4711 \\u0000 review\"}"));
    field.put("break-glass reason with NUL", "'reason'");
    calls.put("search query with ESC", http.json("/v1/search", clinician, "{\"query\": \"chest\\u001b[2J pain\"}"));
    field.put("search query with ESC", "'query'");
    calls.put("question with a lone surrogate", http.json("/v1/query", clinician, "{\"question\": \"why \\ud800?\"}"));
    field.put("question with a lone surrogate", "'question'");
    calls.put("search body in Latin-1", http.call(HttpMethod.POST, "/v1/search", clinician,
        Map.of("Content-Type", "application/json"), Buffer.buffer(latin1)));
    field.put("search body in Latin-1", "'query'");
    calls.put("title header with NUL", http.call(HttpMethod.POST, "/v1/documents", clinician,
        Map.of("Content-Type", "text/plain", "X-Document-Title", "note%00"), Buffer.buffer("a note")));
    field.put("title header with NUL", "X-Document-Title");
    calls.put("title header not UTF-8", http.call(HttpMethod.POST, "/v1/documents", clinician,
        Map.of("Content-Type", "text/plain", "X-Document-Title", "caf%E9"), Buffer.buffer("a note")));
    field.put("title header not UTF-8", "X-Document-Title");
    calls.put("multipart title with NUL", web.post("/v1/documents").putHeader("Authorization", "Bearer " + clinician)
        .sendMultipartForm(MultipartForm.create().attribute("title", "note\u0000")
            .textFileUpload("file", "note.txt", Buffer.buffer("a note"), "text/plain"))
        .map(r -> new Answer(r.statusCode(), Map.of(), r.bodyAsString())));
    field.put("multipart title with NUL", "multipart field 'title'");
    calls.put("path parameter with NUL", http.get("/v1/documents/%00", clinician));
    field.put("path parameter with NUL", "path parameter 'id'");
    calls.put("admin path parameter with NUL", http.get("/v1/admin/tenants/a%00b", admin));
    field.put("admin path parameter with NUL", "path parameter 'tenant'");
    calls.put("query parameter with NUL", http.get("/v1/documents?status=%00", clinician));
    field.put("query parameter with NUL", "query parameter 'status'");
    calls.put("title in the URL", http.call(HttpMethod.POST, "/v1/documents?title=Discharge%20summary", clinician,
        text, Buffer.buffer("a note")));
    field.put("title in the URL", "X-Document-Title");

    Future.join(List.copyOf(calls.values()))
        .compose(v -> http.get("/v1/documents", clinician))
        .compose(list -> http.call(HttpMethod.POST, "/v1/documents", clinician, Map.of("Content-Type", "text/plain",
                "X-Document-Title", "Caf%C3%A9%20%E2%80%94%20note%20%F0%9F%A9%BA"), Buffer.buffer("a good note"))
            .compose(good -> http.get("/v1/documents/" + new JsonObject(good.body()).getString("id"), clinician))
            .map(read -> List.of(list, read)))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          // THEN each is a 400 with a stable code naming the field, never a 5xx
          SoftAssertions soft = new SoftAssertions();
          calls.forEach((name, f) -> {
            Answer a = f.result();
            soft.assertThat(a.status()).as(name + ": " + a).isEqualTo(400);
            soft.assertThat(a.code()).as(name).isEqualTo("INVALID_PARAMETER");
            soft.assertThat(new JsonObject(a.body()).getJsonObject("error").getString("message")).as(name)
                .contains(field.get(name)).doesNotContain("incident", "chest", "Discharge");
          });
          soft.assertAll();
          // AND nothing was stored, while a well-formed UTF-8 title round-trips exactly
          assertThat(new JsonObject(after.get(0).body()).getJsonArray("items")).isEmpty();
          assertThat(new JsonObject(after.get(1).body()).getString("title")).isEqualTo("Café — note \ud83e\ude7a");
          ctx.completeNow();
        })));
  }
}
