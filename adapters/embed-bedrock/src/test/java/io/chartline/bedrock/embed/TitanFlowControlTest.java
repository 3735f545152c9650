package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** The embedder under load on the in-memory Titan: a throttling storm, fairness between tenants, concurrency. */
class TitanFlowControlTest {

  private static List<String> texts(String prefix, int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      texts.add(prefix + " chunk " + i + ": " + "the patient was seen in clinic and reported improvement. ".repeat(3));
    }
    return texts;
  }

  @Test
  void aThrottlingStormEmbedsEveryTextExactlyOnceWhileTheRateIsCutAndThenRegrown() {
    // configured for 600 requests a minute; the service really allows a tenth of that
    TitanFixture f = new TitanFixture(s -> TitanFixture.with(s, new TitanEmbedSettings.Quota(600, 10_000_000), 8, 1024,
        s.retry(), s.breaker()));
    f.fake.quota(60);
    List<String> storm = texts("storm", 120);
    List<Future<List<float[]>>> calls = new ArrayList<>();
    for (int i = 0; i < storm.size(); i += 10) {
      calls.add(f.embedder.embed(TenantId.of("clinic-a"), storm.subList(i, i + 10)));
    }
    double lowest = 1;
    while (!calls.stream().allMatch(Future::isComplete)) {
      f.time.advance(Duration.ofMillis(250));
      lowest = Math.min(lowest, f.embedder.limiter().allowedFraction());
    }

    assertThat(calls).allSatisfy(c -> assertThat(c.succeeded()).as("every call succeeds: %s", c.cause()).isTrue());
    for (int c = 0; c < calls.size(); c++) {
      List<float[]> vectors = calls.get(c).result();
      for (int i = 0; i < 10; i++) {
        assertThat(vectors.get(i)).containsExactly(FakeTitan.vectorOf(storm.get(c * 10 + i), 1024), within(1e-6f));
      }
    }
    assertThat(f.fake.embedded).hasSize(storm.size()).allSatisfy((text, times) -> assertThat(times).isEqualTo(1));
    assertThat(f.fake.throttled).isPositive();
    assertThat(lowest).isLessThan(0.15); // cut from 600 towards the real 60 a minute
    assertThat(f.fake.calls).hasSizeLessThan(storm.size() * 3); // the cut, not the retries, absorbed the storm

    // the storm passes: the service allows the full quota again, and the rate grows back to it
    f.fake.quota(Double.POSITIVE_INFINITY);
    Future<List<float[]>> after = f.embedder.embed(TenantId.of("clinic-a"), texts("after", 1000));
    f.await(after);
    assertThat(after.succeeded()).isTrue();
    assertThat(f.embedder.limiter().allowedFraction()).isEqualTo(1.0);
    assertThat(f.fake.embedded).hasSize(storm.size() + 1000);
  }

  @Test
  void underTheServicesOwnQuotaTheEmbedderKeepsWithinFivePercentOfItWithoutAThrottle() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.with(s, new TitanEmbedSettings.Quota(600, 10_000_000), 16, 4096,
        s.retry(), s.breaker()));
    f.fake.quota(600);
    f.fake.latency = (text, attempt) -> Duration.ofMillis(300);
    Instant start = f.time.instant();

    List<float[]> vectors = f.embed(texts("paced", 2000));

    double perMinute = 2000 / (f.time.since(start).toNanos() / 60e9);
    assertThat(vectors).hasSize(2000);
    assertThat(perMinute / 600).isBetween(0.95, 1.0);
    assertThat(f.fake.throttled).isZero();
  }

  /**
   * After an idle spell both buckets are full. The embedder's burst reaches the service late (it
   * queued on the way) while the calls sent after it arrive at once: the service's bucket, full
   * and capped while the burst travelled, lost that refill. A burst smaller than the service's
   * allowance absorbs it: no throttle, so no AIMD cut holding the rate down afterwards.
   */
  @Test
  void aBurstThatReachesTheServiceLateAfterAnIdleSpellDrawsNoThrottle() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.with(s, new TitanEmbedSettings.Quota(600, 10_000_000), 16, 4096,
        s.retry(), s.breaker()));
    f.time.advance(Duration.ofSeconds(5)); // idle: the embedder's bucket fills
    f.fake.fullQuota(600);
    Instant start = f.time.instant();
    // what leaves in the first 100 ms queues for 400 ms on its way; later calls go straight through
    f.fake.arrival = (text, attempt) -> f.time.since(start).toMillis() < 100 ? Duration.ofMillis(400) : Duration.ZERO;

    List<float[]> vectors = f.embed(texts("after-idle", 300));

    assertThat(vectors).hasSize(300);
    assertThat(f.fake.throttled).isZero();
    assertThat(f.embedder.limiter().allowedFraction()).isEqualTo(1.0);
  }

  @Test
  void aSecondTenantsSmallJobFinishesWhileTheFirstTenantsLargeJobIsStillRunning() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.with(s, new TitanEmbedSettings.Quota(60, 10_000_000), 8, 1024,
        s.retry(), s.breaker()));
    List<Future<List<float[]>>> bulk = new ArrayList<>();
    for (List<String> batch : partition(texts("bulk", 400), 16)) {
      bulk.add(f.embedder.embed(TenantId.of("bulk-loader"), batch));
    }
    f.time.advance(Duration.ofSeconds(10));

    Future<List<float[]>> small = f.embedder.embed(TenantId.of("small-clinic"), texts("small", 4));
    f.await(small);

    assertThat(small.succeeded()).isTrue();
    long bulkDone = f.fake.embedded.keySet().stream().filter(t -> t.startsWith("bulk")).count();
    assertThat(bulkDone).isLessThan(40); // of 400: the small job did not wait behind the backlog
    assertThat(bulk).filteredOn(Future::isComplete).hasSizeLessThan(3); // of 25 batches
    assertThat(f.time.since(Instant.parse("2025-01-01T00:00:00Z"))).isLessThan(Duration.ofSeconds(40));
  }

  @Test
  void callsInFlightNeverExceedTheConfiguredConcurrency() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.with(s, new TitanEmbedSettings.Quota(100_000, 100_000_000), 6,
        1024, s.retry(), s.breaker()));
    f.fake.latency = (text, attempt) -> Duration.ofSeconds(2);

    List<float[]> vectors = f.embed(texts("many", 100));

    assertThat(vectors).hasSize(100);
    assertThat(f.fake.maxInFlight).isEqualTo(6);
  }

  @Test
  void metricsCountCallsThrottlesAndTokensLabelledByModelOnly() {
    TitanFixture f = new TitanFixture();
    f.fake.behaviour = (text, attempt) -> attempt == 1 && text.equals("first")
        ? ThrottlingException.builder().statusCode(429).build()
        : null;

    f.embed(List.of("first", "second text"));

    Map<String, Double> calls = new HashMap<>();
    f.registry.find("chartline.bedrock.embed.calls").counters()
        .forEach(c -> calls.put(c.getId().getTag("outcome"), c.count()));
    assertThat(calls).containsEntry("success", 2.0).containsEntry("throttled", 1.0);
    assertThat(f.registry.get("chartline.bedrock.embed.throttles").counter().count()).isEqualTo(1.0);
    assertThat(f.registry.get("chartline.bedrock.embed.tokens").counter().count()).isEqualTo(1 + 2);
    assertThat(f.registry.get("chartline.bedrock.embed.latency").timer().count()).isEqualTo(3);
    assertThat(f.registry.get("chartline.bedrock.embed.allowed_rate").tag("quota", "requests").gauge().value())
        .isCloseTo(2000 * 0.7, within(10.0)); // cut once, regrown a little since
    assertThat(f.registry.get("chartline.bedrock.embed.in_flight").gauge().value()).isZero();
    assertThat(f.registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags())
        .allSatisfy(t -> assertThat(t.getKey()).isIn("model", "outcome", "quota")));
  }

  private static List<List<String>> partition(List<String> all, int size) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }
}
