package io.chartline.devtools.it;

import io.chartline.common.events.EventHeaders;
import io.chartline.common.kafka.RecordKeys;
import io.chartline.common.kafka.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Signs what a test producer sends with the node's record key, as a producer of the deployment
 * would (a test that plays a compromised component holding the key). Configured with
 * {@link #KEY_FILE}.
 */
public final class SigningInterceptor implements ProducerInterceptor<String, byte[]> {

  static final String KEY_FILE = "chartline.test.record.key.file";
  private RecordOrigin origin;

  @Override
  public void configure(Map<String, ?> configs) {
    origin = new RecordOrigin(RecordKeys.loadOrCreate(Path.of((String) configs.get(KEY_FILE)), KEY_FILE));
  }

  @Override
  public ProducerRecord<String, byte[]> onSend(ProducerRecord<String, byte[]> record) {
    Headers h = record.headers();
    record.headers().add(RecordOrigin.HEADER, origin.sign(record.topic(), record.key(),
        last(h, EventHeaders.TENANT_ID), last(h, EventHeaders.EVENT_TYPE), last(h, EventHeaders.SCHEMA_VERSION),
        record.value()).getBytes(StandardCharsets.US_ASCII));
    return record;
  }

  private static String last(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
  }

  @Override
  public void close() {
  }
}
