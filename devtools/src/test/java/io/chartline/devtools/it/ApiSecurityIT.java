package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.jwt.DevKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad requests from an authenticated caller get a stable 4xx and store nothing. Hostile tokens are
 * covered by {@link AttackSuiteIT}, key rotation by {@link JwksRotationIT}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class ApiSecurityIT {

  static final String TENANT = "it-security";
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start("security");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void badRequestsGetStableErrorCodes(Vertx vertx, VertxTestContext ctx) {
    ApiClient api = new ApiClient(vertx, node.port());
    String token = node.token(TENANT, "clinician");
    String auditor = node.token(TENANT, "auditor");
    Future<HttpResponse<Buffer>> wrongType = api.raw(HttpMethod.POST, "/v1/documents", token, "image/png",
        Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    Future<HttpResponse<Buffer>> empty = api.raw(HttpMethod.POST, "/v1/documents", token, "text/plain", Buffer.buffer());
    Future<HttpResponse<Buffer>> malformed = api.postJson(token, "/v1/search", "{\"query\": ");
    Future<HttpResponse<Buffer>> unknown = api.postJson(token, "/v1/search", "{\"query\": \"x\", \"tenant_id\": \"other\"}");
    Future<HttpResponse<Buffer>> negative = api.postJson(token, "/v1/search", "{\"query\": \"x\", \"top_k\": -1}");
    Future<HttpResponse<Buffer>> huge = api.postJson(token, "/v1/query", "{\"question\": \"x\", \"top_k\": 100000}");
    Future<HttpResponse<Buffer>> forbidden = api.postJson(auditor, "/v1/search", "{\"query\": \"x\"}");
    Future<HttpResponse<Buffer>> notFound = api.get(token, "/v1/documents/00000000-0000-0000-0000-000000000000");
    Future.all(List.of(wrongType, empty, malformed, unknown, negative, huge, forbidden, notFound))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          expect(wrongType, 415, "UNSUPPORTED_MEDIA_TYPE");
          expect(empty, 400, "EMPTY_DOCUMENT");
          expect(malformed, 400, "INVALID_JSON");
          expect(unknown, 400, "UNKNOWN_FIELD");
          expect(negative, 400, "INVALID_PARAMETER");
          expect(huge, 400, "INVALID_PARAMETER");
          expect(forbidden, 403, "FORBIDDEN");
          expect(notFound, 404, "NOT_FOUND");
          ctx.completeNow();
        })));
  }

  @Test
  void oversizedUploadsAreRefusedBeforeAnythingIsStored(VertxTestContext ctx) throws Exception {
    var settings = TestNode.isolatedSettings("limits", java.util.Map.of("CHARTLINE_UPLOAD_MAX_BYTES", "1024"));
    TestNode small = TestNode.start(settings, java.util.EnumSet.allOf(io.chartline.launcher.Role.class), DevKeys.generate());
    Vertx vertx = Vertx.vertx();
    ApiClient api = new ApiClient(vertx, small.port());
    String token = small.token(TENANT, "clinician");
    api.raw(HttpMethod.POST, "/v1/documents", token, "text/plain", Buffer.buffer(new byte[4096]))
        .compose(r -> api.get(token, "/v1/documents").map(list -> List.of(r, list)))
        .onComplete(ctx.succeeding(rs -> ctx.verify(() -> {
          expect(Future.succeededFuture(rs.get(0)), 413, "PAYLOAD_TOO_LARGE");
          assertThat(rs.get(1).bodyAsJsonObject().getJsonArray("items")).isEmpty();
          small.close();
          vertx.close();
          ctx.completeNow();
        })));
  }

  static void expect(Future<HttpResponse<Buffer>> f, int status, String code) {
    assertThat(f.result().statusCode()).as(code).isEqualTo(status);
    assertThat(f.result().bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
    assertThat(f.result().getHeader("X-Request-Id")).isNotBlank();
  }
}
