package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** End to end on the real stack: upload → S3 → Kafka → parse/chunk → embed → pgvector → cited answers. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

  static final String CLINIC = "it-clinic";
  static final String HOSPITAL = "it-hospital";

  static final String PAGE1 = "Discharge summary. The patient was admitted with palpitations and shortness of breath. "
      + "Electrocardiogram showed an irregularly irregular rhythm. Echocardiogram was unremarkable apart from "
      + "mild left atrial enlargement. Thyroid function tests were within normal limits.";
  static final String PAGE2 = "Discharge medications and plan. Atrial fibrillation is managed with warfarin 5 mg "
      + "orally once daily, target INR between 2 and 3. Metoprolol 25 mg twice daily was started for rate "
      + "control. Follow up in the anticoagulation clinic within one week for an INR check.";
  static final String KNEE = "Operative note. Procedure: left knee arthroscopy with partial medial meniscectomy. "
      + "Findings: complex tear of the posterior horn of the medial meniscus. The patient tolerated the procedure "
      + "well. Weight bearing as tolerated with crutches for one week.";
  static final String PNEUMONIA = "Consult note. Community acquired pneumonia of the right lower lobe confirmed on "
      + "chest radiograph. Started on ceftriaxone 1 g intravenously daily plus azithromycin 500 mg daily. "
      + "Oxygen saturation improved to 95 percent on two litres by nasal cannula.";

  static TestNode node;
  static String pdfId;
  static String kneeId;
  static String pneumoniaId;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start("pipeline");
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void pdfAndTextDocumentsOfTwoTenantsBecomeIndexed(Vertx vertx, VertxTestContext ctx) throws Exception {
    ApiClient api = new ApiClient(vertx, node.port());
    String clinic = node.token(CLINIC, "clinician");
    String hospital = node.token(HOSPITAL, "clinician");
    byte[] pdf = Samples.pdf(PAGE1, PAGE2);
    api.uploadOk(clinic, "application/pdf", pdf, "AF discharge")
        .compose(id -> {
          pdfId = id;
          return api.uploadOk(clinic, "text/plain", KNEE.getBytes(StandardCharsets.UTF_8), "Knee op note");
        })
        .compose(id -> {
          kneeId = id;
          return api.uploadOk(hospital, "text/markdown", ("# Consult\n\n" + PNEUMONIA).getBytes(StandardCharsets.UTF_8),
              "Pneumonia consult");
        })
        .compose(id -> {
          pneumoniaId = id;
          return Future.all(api.awaitSettled(clinic, pdfId, 120_000), api.awaitSettled(clinic, kneeId, 120_000),
              api.awaitSettled(hospital, pneumoniaId, 120_000));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          JsonObject pdfDoc = all.resultAt(0);
          assertThat(pdfDoc.getString("status")).isEqualTo("indexed");
          assertThat(pdfDoc.getInteger("page_count")).isEqualTo(2);
          assertThat(pdfDoc.getInteger("chunk_count")).isGreaterThanOrEqualTo(2);
          assertThat(((JsonObject) all.resultAt(1)).getString("status")).isEqualTo("indexed");
          assertThat(((JsonObject) all.resultAt(2)).getString("status")).isEqualTo("indexed");
          // api and ingest share this node: ingest took each upload from the API's hand-off, not from S3
          assertThat(node.node().registry().get("chartline.objects.reads").tag("source", "hand-off")
              .functionCounter().count()).isGreaterThanOrEqualTo(3);
          ctx.completeNow();
        })));
  }

  @Test
  @Order(2)
  void queryAnswersWithACitationOfTheRightPage(Vertx vertx, VertxTestContext ctx) {
    ApiClient api = new ApiClient(vertx, node.port());
    String clinic = node.token(CLINIC, "clinician");
    api.postJson(clinic, "/v1/query", "{\"question\": \"What warfarin dose is used for atrial fibrillation?\"}")
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          JsonObject body = r.bodyAsJsonObject();
          assertThat(body.getBoolean("answered")).isTrue();
          assertThat(body.getString("answer")).contains("warfarin 5 mg");
          JsonObject first = body.getJsonArray("citations").getJsonObject(0);
          assertThat(first.getString("document_id")).isEqualTo(pdfId);
          assertThat(first.getInteger("page")).isEqualTo(2);
          assertThat(first.getString("title")).isEqualTo("AF discharge");
          ctx.completeNow();
        })));
  }

  @Test
  @Order(3)
  void searchReturnsTheRightDocumentFirstWithScores(Vertx vertx, VertxTestContext ctx) {
    ApiClient api = new ApiClient(vertx, node.port());
    api.postJson(node.token(CLINIC, "clinician"), "/v1/search", "{\"query\": \"meniscus tear knee surgery\", \"top_k\": 3}")
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          JsonArray results = r.bodyAsJsonObject().getJsonArray("results");
          assertThat(results).isNotEmpty();
          assertThat(results.getJsonObject(0).getString("document_id")).isEqualTo(kneeId);
          assertThat(results.getJsonObject(0).getDouble("score")).isBetween(0.0, 1.0);
          ctx.completeNow();
        })));
  }

  @Test
  @Order(4)
  void tenantNeverSeesAnotherTenantsChunksThroughTheApi(Vertx vertx, VertxTestContext ctx) {
    ApiClient api = new ApiClient(vertx, node.port());
    String clinic = node.token(CLINIC, "clinician");
    Future.all(
            api.postJson(clinic, "/v1/search", "{\"query\": \"ceftriaxone for pneumonia\", \"top_k\": 50}"),
            api.postJson(clinic, "/v1/query", "{\"question\": \"Which antibiotic was started for pneumonia?\"}"),
            api.get(clinic, "/v1/documents/" + pneumoniaId),
            api.get(clinic, "/v1/documents?limit=100"))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<String> seen = new ArrayList<>();
          for (Object o : ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(0)).bodyAsJsonObject()
              .getJsonArray("results")) {
            seen.add(((JsonObject) o).getString("document_id"));
          }
          for (Object o : ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(1)).bodyAsJsonObject()
              .getJsonArray("citations")) {
            seen.add(((JsonObject) o).getString("document_id"));
          }
          assertThat(seen).isNotEmpty().doesNotContain(pneumoniaId).allMatch(id -> id.equals(pdfId) || id.equals(kneeId));
          assertThat(((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(2)).statusCode()).isEqualTo(404);
          String listing = ((io.vertx.ext.web.client.HttpResponse<?>) all.resultAt(3)).bodyAsString();
          assertThat(listing).contains(pdfId).doesNotContain(pneumoniaId);
          ctx.completeNow();
        })));
  }

  @Test
  @Order(5)
  void applicationRoleSeesNoRowsWithAnotherTenantsSettingOrNone(VertxTestContext ctx) {
    var pool = node.node().appPool();
    Future<Integer> none = pool.query("SELECT count(*) FROM chunks").execute().map(rs -> rs.iterator().next().getInteger(0));
    Future<Integer> noneDocs = pool.query("SELECT count(*) FROM documents").execute()
        .map(rs -> rs.iterator().next().getInteger(0));
    Future<Integer> other = pool.withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
        .execute(Tuple.of(HOSPITAL))
        .compose(x -> c.preparedQuery("SELECT count(*) FROM chunks WHERE tenant_id = $1").execute(Tuple.of(CLINIC))))
        .map(rs -> rs.iterator().next().getInteger(0));
    Future<Integer> own = pool.withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
        .execute(Tuple.of(CLINIC))
        .compose(x -> c.query("SELECT count(*) FROM chunks").execute()))
        .map(rs -> rs.iterator().next().getInteger(0));
    Future<Row> role = pool.query("SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_tables WHERE tableowner = "
        + "current_user) AS owned FROM pg_roles WHERE rolname = current_user").execute().map(rs -> rs.iterator().next());
    Future.all(none, noneDocs, other, own, role).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(none.result()).isZero();
      assertThat(noneDocs.result()).isZero();
      assertThat(other.result()).isZero();
      assertThat(own.result()).isGreaterThan(0);
      assertThat(role.result().getBoolean(0)).isFalse();
      assertThat(role.result().getBoolean(1)).isFalse();
      assertThat(role.result().getLong(2)).isZero();
      ctx.completeNow();
    })));
  }
}
