package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.embed.Embedder;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The port's tenant-aware call: embedders that do not share a quota need not know about tenants. */
class EmbedderPortTest {

  @Test
  void anEmbedderWithoutTenantsAnswersTheTenantAwareCallWithItsOwn() {
    List<List<String>> seen = new ArrayList<>();
    Embedder plain = new Embedder() {
      @Override
      public Future<List<float[]>> embed(List<String> texts) {
        seen.add(texts);
        return Future.succeededFuture(texts.stream().map(t -> new float[] {t.length()}).toList());
      }

      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public String modelId() {
        return "plain";
      }

      @Override
      public void close() {
      }
    };

    List<float[]> vectors = plain.embed(TenantId.of("clinic-a"), List.of("abc")).result();

    assertThat(seen).containsExactly(List.of("abc"));
    assertThat(vectors.get(0)).containsExactly(3f);
  }
}
