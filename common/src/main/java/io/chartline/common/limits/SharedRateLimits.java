package io.chartline.common.limits;

import io.vertx.core.Future;

/**
 * Request rate limits every api process of a deployment shares: one generic cell rate (GCRA)
 * bucket per key, kept where all api processes see it (the database), so a tenant's or a user's
 * limit holds across processes instead of being multiplied by their number.
 */
public interface SharedRateLimits {

  /**
   * A limit: one request per {@code intervalMicros} sustained, {@code burst} at once after a quiet
   * period.
   */
  record Limit(long intervalMicros, int burst) {
    public Limit {
      if (intervalMicros < 1 || burst < 1) {
        throw new IllegalArgumentException("a limit needs an interval and a burst of at least 1");
      }
    }

    /** @return the limit of {@code perSecond} requests per second and {@code burst} at once */
    public static Limit of(double perSecond, int burst) {
      return new Limit(Math.max(1, Math.round(1_000_000 / perSecond)), burst);
    }
  }

  /** Why a request was refused: which limit, and how long until it would be admitted. */
  record Refusal(String scope, long waitMicros) {
  }

  /**
   * Takes one request from the user's and the tenant's bucket (either key may be null for no
   * limit), both or neither: a request the tenant limit refuses does not use up the user's share.
   *
   * @return null when admitted, else the refusal; fails when the store cannot be reached
   */
  Future<Refusal> take(byte[] userKey, Limit user, byte[] tenantKey, Limit tenant);
}
