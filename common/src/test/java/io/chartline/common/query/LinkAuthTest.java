package io.chartline.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkAuthTest {

  private static final byte[] BODY = "{\"tenant\":\"t1\",\"text\":\"q\"}".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  private static byte[] key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @Test
  void aSignedRequestVerifiesOnceUnderTheSameKey() {
    byte[] k = key();
    String header = new LinkAuth(List.of(k), at(NOW)).sign("POST", "/internal/v1/query", BODY);
    LinkAuth verifier = new LinkAuth(List.of(k), at(NOW.plusSeconds(5)));

    assertThat(verifier.verify(header, "POST", "/internal/v1/query", BODY)).isTrue();
    assertThat(verifier.verify(header, "POST", "/internal/v1/query", BODY)).as("a replay").isFalse();
  }

  @Test
  void anyChangeToTheRequestOrAnotherKeyIsRefused() {
    byte[] k = key();
    LinkAuth signer = new LinkAuth(List.of(k), at(NOW));
    String header = signer.sign("POST", "/internal/v1/query", BODY);
    byte[] other = "{\"tenant\":\"t2\",\"text\":\"q\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(new LinkAuth(List.of(k), at(NOW)).verify(header, "POST", "/internal/v1/query", other)).isFalse();
    assertThat(new LinkAuth(List.of(k), at(NOW)).verify(header, "POST", "/internal/v1/ready", BODY)).isFalse();
    assertThat(new LinkAuth(List.of(k), at(NOW)).verify(header, "GET", "/internal/v1/query", BODY)).isFalse();
    assertThat(new LinkAuth(List.of(key()), at(NOW)).verify(header, "POST", "/internal/v1/query", BODY)).isFalse();
    String moved = header.replace("t=" + NOW.toEpochMilli(), "t=" + (NOW.toEpochMilli() + 1));
    assertThat(new LinkAuth(List.of(k), at(NOW)).verify(moved, "POST", "/internal/v1/query", BODY)).isFalse();
    for (String bad : new String[] {null, "", "v1;t=x;s=y", "v2;t=1;s=AA", "v1;t=1", "v1;t=" + NOW.toEpochMilli() + ";s=%%"}) {
      assertThat(new LinkAuth(List.of(k), at(NOW)).verify(bad, "POST", "/internal/v1/query", BODY)).as(bad).isFalse();
    }
  }

  @Test
  void requestsOutsideTheClockWindowAreRefused() {
    byte[] k = key();
    String header = new LinkAuth(List.of(k), at(NOW)).sign("POST", "/p", BODY);
    Duration past = LinkAuth.SKEW.plusSeconds(1);

    assertThat(new LinkAuth(List.of(k), at(NOW.plus(past))).verify(header, "POST", "/p", BODY)).isFalse();
    assertThat(new LinkAuth(List.of(k), at(NOW.minus(past))).verify(header, "POST", "/p", BODY)).isFalse();
    assertThat(new LinkAuth(List.of(k), at(NOW.plus(LinkAuth.SKEW))).verify(header, "POST", "/p", BODY)).isTrue();
  }

  @Test
  void aSecondKeyVerifiesDuringARollOut() {
    byte[] old = key();
    byte[] fresh = key();
    String byOld = new LinkAuth(List.of(old), at(NOW)).sign("POST", "/p", BODY);
    String byNew = new LinkAuth(List.of(fresh, old), at(NOW)).sign("POST", "/p", BODY);
    LinkAuth both = new LinkAuth(List.of(fresh, old), at(NOW));

    assertThat(both.verify(byOld, "POST", "/p", BODY)).isTrue();
    assertThat(both.verify(byNew, "POST", "/p", BODY)).isTrue();
    assertThat(new LinkAuth(List.of(old), at(NOW)).verify(byNew, "POST", "/p", BODY)).as("signed with the new key")
        .isFalse();
  }

  @Test
  void shortOrMissingKeysAreRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new LinkAuth(List.of(new byte[16]), at(NOW)))
        .hasMessageContaining("CHARTLINE_QUERY_LINK_KEYS");
    assertThatThrownBy(() -> new LinkAuth(List.of(), at(NOW))).hasMessageContaining("CHARTLINE_QUERY_LINK_KEYS");
  }
}
