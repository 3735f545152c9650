package io.chartline.jwt;

import static io.chartline.jwt.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** verifyAsync: known keys answer at once; an unknown kid waits for one refresh, then is accepted or UNKNOWN_KEY. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class JwtVerifierAsyncTest {

  static final DevKeys OLD = DevKeys.generate();
  static final DevKeys NEW = DevKeys.generate();

  /** A key source holding {@code OLD} whose refresh answers {@code onRefresh} and counts calls. */
  static final class CountingSource implements KeySource {
    final AtomicInteger refreshes = new AtomicInteger();
    final Function<String, Future<KeySet>> onRefresh;

    CountingSource(Function<String, Future<KeySet>> onRefresh) {
      this.onRefresh = onRefresh;
    }

    @Override
    public KeySet current() {
      return OLD.keySet();
    }

    @Override
    public Future<KeySet> refreshFor(String kid) {
      refreshes.incrementAndGet();
      return onRefresh.apply(kid);
    }
  }

  static JwtVerifier verifier(KeySource source) {
    return new JwtVerifier(source, JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE), Tokens.CLOCK);
  }

  static String reason(Future<Principal> f) {
    assertThat(f.isComplete()).isTrue();
    return f.succeeded() ? "ACCEPTED" : ((AuthException) f.cause()).reason();
  }

  @Test
  void knownKeysAndBrokenTokensAnswerAtOnceWithoutRefreshing() {
    CountingSource source = new CountingSource(kid -> Future.succeededFuture(KeySet.of(Map.of())));
    JwtVerifier v = verifier(source);

    assertThat(reason(v.verifyAsync(OLD.signer().sign(claims())))).isEqualTo("ACCEPTED");
    assertThat(reason(v.verifyAsync(OLD.signer().sign(claims().put("tenant_id", "*")))))
        .isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(v.verifyAsync("garbage"))).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(v.verifyAsync(null))).isEqualTo("TOKEN_MISSING");
    assertThat(reason(v.verifyAsync(OLD.signer().sign(Tokens.header("RS256", null), claims()))))
        .as("no kid: nothing to refresh for").isEqualTo("UNKNOWN_KEY");
    assertThat(source.refreshes).hasValue(0);
  }

  @Test
  void anUnknownKidIsAcceptedWhenTheRefreshBringsItsKey() {
    CountingSource source = new CountingSource(kid -> Future.succeededFuture(KeySet.of(
        Map.of(OLD.kid(), OLD.publicKey(), NEW.kid(), NEW.publicKey()))));

    Future<Principal> verified = verifier(source).verifyAsync(NEW.signer().sign(claims()));

    assertThat(reason(verified)).isEqualTo("ACCEPTED");
    assertThat(verified.result().tenant().value()).isEqualTo("t-1");
    assertThat(source.refreshes).hasValue(1);
  }

  @Test
  void anUnknownKidStillMissingAfterTheRefreshIsRefused() {
    CountingSource source = new CountingSource(kid -> Future.succeededFuture(OLD.keySet()));

    assertThat(reason(verifier(source).verifyAsync(NEW.signer().sign(claims())))).isEqualTo("UNKNOWN_KEY");
    assertThat(source.refreshes).hasValue(1);
  }

  /** A refresh completing on another thread hands the result back on the caller's context. */
  @Test
  void completesOnTheCallersContext(Vertx vertx, VertxTestContext ctx) {
    Promise<KeySet> pending = Promise.promise();
    JwtVerifier v = verifier(new CountingSource(kid -> pending.future()));
    Context caller = vertx.getOrCreateContext();
    caller.runOnContext(x -> {
      v.verifyAsync(NEW.signer().sign(claims())).onComplete(ar -> ctx.verify(() -> {
        assertThat(Vertx.currentContext()).isSameAs(caller);
        assertThat(ar.cause()).isInstanceOf(AuthException.class);
        assertThat(((AuthException) ar.cause()).reason()).isEqualTo("UNKNOWN_KEY");
        ctx.completeNow();
      }));
      new Thread(() -> pending.complete(OLD.keySet()), "not-a-vertx-thread").start();
    });
  }
}
