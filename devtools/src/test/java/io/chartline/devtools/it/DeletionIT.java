package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.ObjectKeys;
import io.chartline.common.events.S3EventCodec;
import io.chartline.common.events.UploadedObject;
import io.chartline.common.tenant.TenantId;
import io.chartline.s3.S3ObjectStore;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** An ObjectRemoved event purges the document's chunks; a late chunk batch cannot bring them back. */
class DeletionIT {

  static final String TENANT = "it-deletion";

  @Test
  void objectRemovedPurgesChunksAndLateBatchesStayPurged() throws Exception {
    try (TestNode node = TestNode.start("deletion"); Blocking api = new Blocking(node);
        KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node)) {
      String token = node.token(TENANT, "clinician");
      String id = api.upload(token, "text/plain", Texts.note(11, 30));
      api.awaitIndexed(token, id);
      assertThat(Db.chunkIndexes(node, TENANT, id)).isNotEmpty();

      // S3 announces a removal once the object is gone; ingest checks that it is
      try (S3ObjectStore raw = new S3ObjectStore(node.node().vertx(), node.config().s3())) {
        raw.delete(TenantId.of(TENANT), ObjectKeys.documentKey(TenantId.of(TENANT), UUID.fromString(id)))
            .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      UploadedObject removed = new UploadedObject("ObjectRemoved:Delete", node.config().s3().bucket(),
          ObjectKeys.documentKey(TenantId.of(TENANT), UUID.fromString(id)), 0, null, null, TenantId.of(TENANT),
          UUID.fromString(id), null);
      ResilienceIT.send(producer, node.config().kafka().topics().uploaded(), id,
          S3EventCodec.encode(removed, "us-east-1", Instant.now()), TENANT);
      long deadline = System.currentTimeMillis() + 60_000;
      while (!"deleted".equals(api.document(token, id).getString("status")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(api.document(token, id).getString("status")).isEqualTo("deleted");
      assertThat(Db.chunkIndexes(node, TENANT, id)).isEmpty();

      for (ConsumerRecord<String, byte[]> r : ResilienceIT.readAll(node, node.config().kafka().topics().chunks())) {
        ResilienceIT.send(producer, r.topic(), r.key(), r.value(), TENANT);
      }
      // every replayed batch was handled (the embed stage committed past it), not merely given time
      Consumed.awaitAllHandled(node, node.config().kafka().topics().chunks(), 60_000);
      assertThat(Db.chunkIndexes(node, TENANT, id)).isEmpty();
      assertThat(api.document(token, id).getString("status")).isEqualTo("deleted");
    }
  }
}
