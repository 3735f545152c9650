package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The source a request is counted against, seen by a real server: the peer address unless the peer
 * is a trusted proxy, and then the nearest untrusted {@code X-Forwarded-For} hop; IPv6 by /64.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClientAddressesTest {

  /** Starts a server answering each request with its source, and asks it from {@code local} with {@code xff}. */
  static Future<String> sourceSeen(Vertx vertx, ClientAddresses addresses, String local, String xff) {
    return vertx.createHttpServer().requestHandler(req -> req.response().end(addresses.sourceOf(req)))
        .listen(0, "127.0.0.1")
        .compose(server -> {
          RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
              .setPort(server.actualPort()).setURI("/");
          if (xff != null) {
            o.putHeader("X-Forwarded-For", xff);
          }
          return vertx.createHttpClient(new HttpClientOptions().setLocalAddress(local)).request(o)
              .compose(req -> req.send()).compose(resp -> resp.body()).map(b -> b.toString())
              .eventually(server::close);
        });
  }

  /** Without trusted proxies the header is ignored: a client cannot pick its own source. */
  @Test
  void theHeaderIsIgnoredUnlessThePeerIsATrustedProxy(Vertx vertx, VertxTestContext ctx) {
    ClientAddresses none = new ClientAddresses(List.of());
    ClientAddresses otherProxy = new ClientAddresses(List.of("10.9.0.0/16"));
    Future.all(sourceSeen(vertx, none, "127.0.0.2", "198.51.100.4"),
            sourceSeen(vertx, otherProxy, "127.0.0.2", "198.51.100.4"), sourceSeen(vertx, none, "127.0.0.3", null))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<String>resultAt(0)).isEqualTo("127.0.0.2");
          assertThat(all.<String>resultAt(1)).isEqualTo("127.0.0.2");
          assertThat(all.<String>resultAt(2)).isEqualTo("127.0.0.3");
          ctx.completeNow();
        })));
  }

  /** Behind trusted proxies the source is the rightmost untrusted hop; a garbled entry stops the walk. */
  @Test
  void trustedProxiesAreWalkedRightToLeft(Vertx vertx, VertxTestContext ctx) {
    ClientAddresses proxies = new ClientAddresses(List.of("127.0.0.0/8", "10.0.0.0/16"));
    Future.all(List.of(sourceSeen(vertx, proxies, "127.0.0.2", "203.0.113.9"),
            sourceSeen(vertx, proxies, "127.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.3.4"),
            sourceSeen(vertx, proxies, "127.0.0.2", "203.0.113.9, not-an-address, 10.0.3.4"),
            sourceSeen(vertx, proxies, "127.0.0.2", null),
            sourceSeen(vertx, proxies, "127.0.0.2", "2001:db8:aa:bb:1:2:3:4")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<String>resultAt(0)).isEqualTo("203.0.113.9");
          assertThat(all.<String>resultAt(1)).isEqualTo("203.0.113.9");
          assertThat(all.<String>resultAt(2)).isEqualTo("10.0.3.4");
          assertThat(all.<String>resultAt(3)).isEqualTo("127.0.0.2");
          assertThat(all.<String>resultAt(4)).isEqualTo("2001:db8:aa:bb::/64");
          ctx.completeNow();
        })));
  }

  /** IPv6 addresses of one /64 share a key; IPv4 keys are the address itself. */
  @Test
  void keysGroupIpv6ByPrefix() throws Exception {
    assertThat(ClientAddresses.key(InetAddress.getByName("2001:db8:1:2:aaaa::1")))
        .isEqualTo(ClientAddresses.key(InetAddress.getByName("2001:db8:1:2:ffff::9"))).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddresses.key(InetAddress.getByName("192.0.2.33"))).isEqualTo("192.0.2.33");
  }
}
