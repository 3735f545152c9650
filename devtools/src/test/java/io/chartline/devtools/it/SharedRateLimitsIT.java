package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tenant's limit holds across api processes: two api nodes on one database, hammered at once by
 * the same tenant, admit together what one limit allows (within 10%), not twice that.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SharedRateLimitsIT {

  private static final int RATE = 25;
  private static final int BURST = 25;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void twoApiNodesShareOneTenantLimit() throws Exception {
    Settings settings = TestNode.isolatedSettings("sharedlimits", Map.of("CHARTLINE_RATE_TENANT_RPS",
        Integer.toString(RATE), "CHARTLINE_RATE_TENANT_BURST", Integer.toString(BURST), "CHARTLINE_RATE_USER_RPS", "0"));
    DevKeys keys = DevKeys.generate();
    try (TestNode a = TestNode.start(settings, EnumSet.of(Role.API), keys);
        TestNode b = TestNode.start(settings, EnumSet.of(Role.API), keys)) {
      String token = a.token("limits-clinic", "clinician");
      assertThat(status(a.port(), token)).isEqualTo(200);
      Thread.sleep(1_500);
      AtomicInteger admitted = new AtomicInteger();
      AtomicInteger limited = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      long start = System.nanoTime();
      long end = start + Duration.ofSeconds(4).toNanos();
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int port = c % 2 == 0 ? a.port() : b.port();
        clients.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            int s = status(port, token);
            if (s == 200) {
              admitted.incrementAndGet();
            } else if (s == 429) {
              limited.incrementAndGet();
            } else {
              throw new AssertionError("answered " + s);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get(1, TimeUnit.MINUTES);
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - start) / 1e9;
      double allowed = BURST + RATE * seconds;
      assertThat(limited.get()).as("the clients asked for more than the limit").isPositive();
      assertThat((double) admitted.get()).as("admitted by both nodes in %.1f s (limit %.0f)", seconds, allowed)
          .isBetween(allowed * 0.9, allowed * 1.1);
    }
  }

  @Test
  void processScopeKeepsEachNodesOwnBuckets() throws Exception {
    Settings settings = TestNode.isolatedSettings("processlimits", Map.of("CHARTLINE_RATE_TENANT_RPS", "1",
        "CHARTLINE_RATE_TENANT_BURST", "3", "CHARTLINE_RATE_USER_RPS", "0", "CHARTLINE_RATE_LIMIT_SCOPE", "process"));
    DevKeys keys = DevKeys.generate();
    try (TestNode a = TestNode.start(settings, EnumSet.of(Role.API), keys);
        TestNode b = TestNode.start(settings, EnumSet.of(Role.API), keys)) {
      String token = a.token("limits-clinic", "clinician");
      int admitted = 0;
      for (int i = 0; i < 4; i++) {
        admitted += status(a.port(), token) == 200 ? 1 : 0;
        admitted += status(b.port(), token) == 200 ? 1 : 0;
      }
      assertThat(admitted).as("a burst of 3 in each process").isEqualTo(6);
    }
  }

  private int status(int port, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/documents?limit=1"))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
