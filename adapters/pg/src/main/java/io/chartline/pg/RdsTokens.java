package io.chartline.pg;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/**
 * RDS IAM authentication tokens, made by the SDK's {@link RdsUtilities} (a SigV4-presigned
 * {@code connect} request, valid 15 minutes) and reused for 10, so a pool opening many connections
 * signs once. A token only opens connections; an open connection outlives it. Blocking (the
 * credentials provider may fetch credentials): call it off the event loop.
 */
final class RdsTokens {

  /** Tokens are valid 15 minutes; a new one is made well before. */
  static final Duration REUSE = Duration.ofMinutes(10);

  private record Key(String host, int port, String user) {
  }

  private record Token(String value, Instant madeAt) {
  }

  private final Function<Key, String> sign;
  private final Clock clock;
  private final Map<Key, Token> tokens = new ConcurrentHashMap<>();

  RdsTokens(Function<Key, String> sign, Clock clock) {
    this.sign = Objects.requireNonNull(sign, "sign");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Tokens signed with the default AWS credentials chain (the task role on ECS) for {@code region}. */
  static RdsTokens create(String region) {
    RdsUtilities rds = RdsUtilities.builder().region(Region.of(region))
        .credentialsProvider(DefaultCredentialsProvider.builder().build()).build();
    return new RdsTokens(k -> rds.generateAuthenticationToken(b -> b.hostname(k.host()).port(k.port())
        .username(k.user())), Clock.systemUTC());
  }

  /** A token for {@code user} at {@code host:port}, made now or within the last {@link #REUSE}. */
  String token(String host, int port, String user) {
    Key key = new Key(host, port, user);
    Instant now = clock.instant();
    return tokens.compute(key, (k, t) -> t != null && t.madeAt().plus(REUSE).isAfter(now) ? t
        : new Token(sign.apply(k), now)).value();
  }

  /** For tests: a signer of tokens. */
  static RdsTokens with(Function<String, String> signer, Clock clock) {
    return new RdsTokens(k -> signer.apply(k.user() + "@" + k.host() + ":" + k.port()), clock);
  }
}
