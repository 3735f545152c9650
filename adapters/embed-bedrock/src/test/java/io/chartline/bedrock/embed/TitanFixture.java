package io.chartline.bedrock.embed;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** An embedder on {@link FakeTitan} and {@link ManualTime}, with settings a test can adjust. */
final class TitanFixture {

  final ManualTime time = new ManualTime();
  final FakeTitan fake = new FakeTitan(time);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TitanEmbedSettings settings;
  final TitanEmbedder embedder;

  TitanFixture() {
    this(s -> s);
  }

  TitanFixture(UnaryOperator<TitanEmbedSettings> adjust) {
    settings = adjust.apply(TitanEmbedSettings.defaults("us-east-1"));
    embedder = new TitanEmbedder(fake, settings, TitanEmbedders.limiter(settings, time, time),
        TitanEmbedders.breaker(settings, time), time, registry);
  }

  /** Runs time until {@code f} completes (at most an hour of it) and returns it. */
  <T> Future<T> await(Future<T> f) {
    time.runUntil(f::isComplete, Duration.ofHours(1));
    if (!f.isComplete()) {
      throw new AssertionError("the future did not complete within an hour of manual time");
    }
    return f;
  }

  List<float[]> embed(List<String> texts) {
    Future<List<float[]>> f = await(embedder.embed(texts));
    if (f.failed()) {
      throw new AssertionError("embedding failed: " + f.cause(), f.cause());
    }
    return f.result();
  }

  static TitanEmbedSettings with(TitanEmbedSettings s, TitanEmbedSettings.Quota quota, int maxConcurrency, int maxQueued,
      TitanEmbedSettings.Retry retry, TitanEmbedSettings.Breaker breaker) {
    return new TitanEmbedSettings(s.region(), s.endpoint(), s.accessKey(), s.secretKey(), s.modelId(), s.dimensions(),
        quota, maxConcurrency, maxQueued, s.apiCallTimeout(), retry, s.aimd(), breaker, s.maxInputChars());
  }

  static TitanEmbedSettings dimensions(TitanEmbedSettings s, int dimensions) {
    return new TitanEmbedSettings(s.region(), s.endpoint(), s.accessKey(), s.secretKey(), s.modelId(), dimensions,
        s.quota(), s.maxConcurrency(), s.maxQueued(), s.apiCallTimeout(), s.retry(), s.aimd(), s.breaker(),
        s.maxInputChars());
  }
}
