package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile document costs its own tenant: with one tenant's PDF bombs ahead of it in the ingest
 * stage, another tenant's small document is parsed, embedded and searchable within seconds, and
 * the bombs end {@code failed} with a stable code and a reason.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ParseFairnessIT {

  static final String HOSTILE = "it-fair-hostile";
  static final String NEIGHBOUR = "it-fair-neighbour";
  /** How long the neighbour's document may take from upload to indexed: parse, embed and upsert. */
  static final long PROMPT_MS = 10_000;

  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start("fairness");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /**
   * GIVEN three bombs uploaded by one tenant (one ~300 KB file whose 1,999 pages share one content
   * stream of 28,000 text-show operators, two whose pages each draw 20,000 glyphs)
   * WHEN another tenant uploads a short note while a bomb is being parsed
   * THEN the note is indexed with its chunks within {@value #PROMPT_MS} ms, and every bomb fails
   * with a stable code and a reason, without chunks.
   */
  @Test
  void anotherTenantsDocumentIsIndexedPromptlyWhileBombsAreAhead() throws Exception {
    List<byte[]> bombs = List.of(PdfBombs.sharedContentStream(1_999, 28_000), PdfBombs.densePages(1_200, 5_000),
        PdfBombs.densePages(1_200, 5_000));
    ApiClient api = new ApiClient(node.node().vertx(), node.port());
    String hostile = node.token(HOSTILE, "clinician");
    String neighbour = node.token(NEIGHBOUR, "clinician");
    List<String> bombIds = new ArrayList<>();
    for (byte[] bomb : bombs) {
      bombIds.add(await(api.uploadOk(hostile, "application/pdf", bomb, "bomb")));
    }
    // As in the attack, the good document arrives while a bomb holds a parse worker.
    double running = await(api.poll(() -> Future.succeededFuture(parseJobs("running")), n -> n >= 1, 60_000));

    long uploaded = System.nanoTime();
    String noteId = await(api.uploadOk(neighbour, "text/plain",
        Texts.note(31, 20).getBytes(StandardCharsets.UTF_8), "note"));
    JsonObject note = await(api.awaitSettled(neighbour, noteId, 300_000));
    long elapsedMs = (System.nanoTime() - uploaded) / 1_000_000;
    System.out.println("[parse-fairness] neighbour document indexed " + elapsedMs + " ms after upload, "
        + "with bombs of another tenant ahead [parsing at upload: " + (long) running + "]");

    assertThat(note.getString("status")).as("neighbour document " + note).isEqualTo("indexed");
    assertThat(Db.chunkIndexes(node, NEIGHBOUR, noteId)).isNotEmpty().startsWith(0);
    assertThat(elapsedMs).as("ms from the neighbour's upload to indexed").isLessThan(PROMPT_MS);

    for (String id : bombIds) {
      JsonObject bomb = await(api.awaitSettled(hostile, id, 300_000));
      assertThat(bomb.getString("status")).as("bomb " + bomb).isEqualTo("failed");
      assertThat(bomb.getJsonObject("error").getString("code")).isIn("DOCUMENT_TOO_COMPLEX", "PARSE_TIMEOUT");
      assertThat(bomb.getJsonObject("error").getString("message")).isNotBlank().doesNotContain("bomb");
      assertThat(Db.chunkIndexes(node, HOSTILE, id)).isEmpty();
    }
    JsonObject shared = await(api.get(hostile, "/v1/documents/" + bombIds.get(0)).map(r -> r.bodyAsJsonObject()));
    assertThat(shared.getJsonObject("error").getString("code")).as("the shared-stream bomb is refused by its shape")
        .isEqualTo("DOCUMENT_TOO_COMPLEX");
  }

  /** @return the node's parse jobs in {@code state} ({@code running} or {@code waiting}), all tenants together */
  private static double parseJobs(String state) {
    return node.node().registry().get("chartline.parse.jobs").tag("state", state).gauge().value();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(6, TimeUnit.MINUTES);
  }
}
