package io.chartline.devtools;

import io.chartline.bench.ModelEndpoint;
import io.chartline.devstack.bedrock.BedrockStats;
import io.chartline.devstack.bedrock.LocalBedrock;
import java.time.Duration;

/** The local Bedrock runtime as the Bedrock benchmarks' endpoint. */
final class LocalBedrockEndpoint implements ModelEndpoint {

  private final LocalBedrock bedrock;

  LocalBedrockEndpoint(LocalBedrock bedrock) {
    this.bedrock = bedrock;
  }

  @Override
  public void configure(long requestsPerMinute, long tokensPerMinute, Duration latency) {
    bedrock.setQuota(requestsPerMinute, tokensPerMinute);
    bedrock.setLatency(latency, Duration.ZERO);
  }

  @Override
  public void resetStats() {
    bedrock.resetStats();
  }

  @Override
  public Served served() {
    BedrockStats s = bedrock.stats();
    return new Served(s.totalCalls(), s.throttled(), s.totalFaults() + s.rejected(), s.inputTokens(),
        s.maxInFlight());
  }
}
