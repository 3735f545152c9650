package io.chartline.bedrock.embed;

/**
 * The allowed rate as a fraction of the quota, following throttles: additive increase on success,
 * multiplicative decrease on a throttle, within {@code [floor, 1]}. Only a throttle of a call
 * admitted after the last cut cuts again (admissions are numbered in order), so a burst of throttles from calls already in flight
 * at the old rate counts once (TCP cuts once per round trip for the same reason). Growth is
 * {@code increasePerMinute} per minute of successful calls, whatever the call rate: each success
 * adds the time since the previous one, up to a second. Not thread-safe; {@link FairRateLimiter}
 * guards it.
 */
final class AimdRate {

  private static final long MAX_CREDIT_NANOS = 1_000_000_000L;
  private static final double NANOS_PER_MINUTE = 60e9;

  private final TitanEmbedSettings.Aimd settings;
  private double fraction = 1.0;
  private long cutAtAdmission = Long.MIN_VALUE;
  private long lastSuccessNanos = Long.MIN_VALUE;

  AimdRate(TitanEmbedSettings.Aimd settings) {
    this.settings = settings;
  }

  double fraction() {
    return fraction;
  }

  void succeeded(long nowNanos) {
    if (lastSuccessNanos != Long.MIN_VALUE && fraction < 1) {
      long credit = Math.min(MAX_CREDIT_NANOS, Math.max(0, nowNanos - lastSuccessNanos));
      fraction = Math.min(1, fraction + settings.increasePerMinute() * credit / NANOS_PER_MINUTE);
    }
    lastSuccessNanos = nowNanos;
  }

  /**
   * @param admission the number of the throttled call's admission
   * @param nextAdmission the number the next admission will get
   * @return whether the rate was cut (false when the call was admitted before the last cut, or at the floor)
   */
  boolean throttled(long admission, long nextAdmission) {
    if (admission < cutAtAdmission || fraction <= settings.floor()) {
      return false;
    }
    fraction = Math.max(settings.floor(), fraction * settings.decrease());
    cutAtAdmission = nextAdmission;
    return true;
  }
}
