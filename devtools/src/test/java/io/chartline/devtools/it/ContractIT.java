package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.chartline.common.events.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** Every record the pipeline produces validates against the JSON Schema in docs/events/. */
class ContractIT {

  static final String TENANT = "it-contracts";

  @Test
  void producedRecordsOfEveryTopicFollowTheirWrittenContract() throws Exception {
    Path docs = Path.of(System.getProperty("chartline.repo.root", "..")).resolve("docs").resolve("events");
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    try (TestNode node = TestNode.start("contracts"); Blocking api = new Blocking(node);
        KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node)) {
      String token = node.token(TENANT, "clinician");
      api.awaitIndexed(token, api.upload(token, "text/plain", Texts.note(3, 30)));
      ResilienceIT.send(producer, node.config().kafka().topics().uploaded(), "bad", new byte[] {1, 2, 3}, TENANT);
      Topics topics = node.config().kafka().topics();
      Map<String, String> byContract = Map.of(Topics.UPLOADED, topics.uploaded(), Topics.CHUNKS, topics.chunks(),
          Topics.INDEXED, topics.indexed(), Topics.AUDIT, topics.audit(), Topics.DLQ, topics.deadLetters());
      for (Map.Entry<String, String> e : byContract.entrySet()) {
        Schema schema = registry.getSchema(Files.readString(docs.resolve(e.getKey() + ".schema.json")),
            InputFormat.JSON);
        List<ConsumerRecord<String, byte[]>> records = ResilienceIT.readAll(node, e.getValue());
        assertThat(records).as(e.getKey()).isNotEmpty();
        for (ConsumerRecord<String, byte[]> r : records) {
          if (e.getKey().equals(Topics.UPLOADED) && "bad".equals(r.key())) {
            continue; // the planted undecodable record; its dead letter is checked below
          }
          String payload = new String(r.value(), StandardCharsets.UTF_8);
          List<Error> errors = schema.validate(payload, InputFormat.JSON);
          assertThat(errors).as(e.getKey() + " record at offset " + r.offset()).isEmpty();
          assertThat(r.headers().lastHeader("event-type")).as(e.getKey() + " event-type header").isNotNull();
          assertThat(r.headers().lastHeader("schema-version")).as(e.getKey() + " schema-version header").isNotNull();
          assertThat(r.headers().lastHeader("chartline-origin")).as(e.getKey() + " proof of origin").isNotNull();
          assertThat(r.key()).as(e.getKey() + " key").isNotBlank();
        }
      }
    }
  }
}
