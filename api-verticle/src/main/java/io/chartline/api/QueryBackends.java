package io.chartline.api;

import io.chartline.common.query.QueryLinkSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query nodes an api node may send requests to: every address each {@code CHARTLINE_QUERY_URLS}
 * host name resolves to (an ECS Service Connect or Cloud Map name, a Kubernetes headless service,
 * a Railway private domain each name all replicas), resolved again every discovery interval, each
 * asked for its readiness every probe interval. A request goes to the ready node with the fewest
 * requests in flight (ties in turn); a node that refuses a connection is out until a probe finds it
 * ready again, so the next request does not wait for it.
 */
public final class QueryBackends {

  private static final Logger LOG = LoggerFactory.getLogger(QueryBackends.class);
  /** How long a connection attempt may take: a query node on the same network answers in far less. */
  static final long CONNECT_TIMEOUT_MS = 1_000;

  /** One query node. */
  public static final class Backend {
    final String host;
    final String ip;
    final int port;
    final boolean tls;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile Boolean up;

    Backend(String host, String ip, int port, boolean tls) {
      this.host = host;
      this.ip = ip;
      this.port = port;
      this.tls = tls;
    }

    RequestOptions options(HttpMethod method, String path) {
      return new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path).setSsl(tls)
          .setServer(SocketAddress.inetSocketAddress(port, ip)).setConnectTimeout(CONNECT_TIMEOUT_MS);
    }

    /** A refused or broken connection: out of the rotation until a probe finds it ready. */
    void markDown() {
      up = false;
    }

    @Override
    public String toString() {
      return ip + ":" + port;
    }
  }

  private final Vertx vertx;
  private final QueryLinkSettings settings;
  private final HttpClient client;
  private volatile List<Backend> backends = List.of();
  private final AtomicInteger turn = new AtomicInteger();
  private long discoveryTimer = -1;
  private long probeTimer = -1;

  public QueryBackends(Vertx vertx, QueryLinkSettings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) CONNECT_TIMEOUT_MS)
        .setVerifyHost(true);
    if (settings.tlsCa() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(settings.tlsCa().toString()));
    }
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64));
  }

  /** Resolves the host names and probes every node once, then keeps doing both on their intervals. */
  public Future<Void> start() {
    return discover().compose(v -> probeAll()).onComplete(v -> {
      discoveryTimer = vertx.setPeriodic(settings.discovery().toMillis(), id -> discover());
      probeTimer = vertx.setPeriodic(settings.probe().toMillis(), id -> probeAll());
    });
  }

  public Future<Void> close() {
    vertx.cancelTimer(discoveryTimer);
    vertx.cancelTimer(probeTimer);
    return client.close();
  }

  HttpClient client() {
    return client;
  }

  /** @return succeeds while at least one query node is ready; the api role is not ready otherwise */
  public Future<Void> ready() {
    for (Backend b : backends) {
      if (Boolean.TRUE.equals(b.up)) {
        return Future.succeededFuture();
      }
    }
    return Future.failedFuture(backends.isEmpty() ? "no query node found at CHARTLINE_QUERY_URLS"
        : "no query node is ready (" + backends.size() + " known)");
  }

  /** @return the ready (or not yet probed) node with the fewest requests in flight, not in {@code excluded}; null when none */
  Backend pick(Set<Backend> excluded) {
    List<Backend> all = backends;
    Backend best = null;
    int bestLoad = Integer.MAX_VALUE;
    int start = Math.floorMod(turn.getAndIncrement(), Math.max(1, all.size()));
    for (int i = 0; i < all.size(); i++) {
      Backend b = all.get((start + i) % all.size());
      if (Boolean.FALSE.equals(b.up) || excluded.contains(b)) {
        continue;
      }
      int load = b.inFlight.get(); // blocking-ok: AtomicInteger read
      if (load < bestLoad) {
        best = b;
        bestLoad = load;
      }
    }
    return best;
  }

  /** @return how many query nodes answered their last probe ready */
  public int readyCount() {
    int n = 0;
    for (Backend b : backends) {
      if (Boolean.TRUE.equals(b.up)) {
        n++;
      }
    }
    return n;
  }

  /** @return the known nodes, for metrics and tests */
  public List<Backend> known() {
    return backends;
  }

  private Future<Void> discover() {
    List<URI> urls = settings.backends();
    return vertx.executeBlocking(() -> {
      Map<String, Backend> found = new LinkedHashMap<>();
      Map<String, Backend> current = new LinkedHashMap<>();
      for (Backend b : backends) {
        current.put(b.ip + "|" + b.port + "|" + b.host, b);
      }
      for (URI url : urls) {
        boolean tls = url.getScheme().toLowerCase(Locale.ROOT).equals("https");
        InetAddress[] addresses;
        try {
          addresses = InetAddress.getAllByName(url.getHost());
        } catch (java.net.UnknownHostException e) {
          LOG.warn("query nodes not found [host: {}]", url.getHost());
          continue;
        }
        for (InetAddress a : addresses) {
          String key = a.getHostAddress() + "|" + url.getPort() + "|" + url.getHost();
          found.put(key, current.getOrDefault(key, new Backend(url.getHost(), a.getHostAddress(), url.getPort(), tls)));
        }
      }
      return new ArrayList<>(found.values());
    }).onSuccess(list -> {
      if (list.size() != backends.size()) {
        LOG.info("query nodes [count: {}]", list.size());
      }
      backends = List.copyOf(list);
    }).mapEmpty();
  }

  private Future<Void> probeAll() {
    List<Future<Void>> probes = new ArrayList<>();
    for (Backend b : backends) {
      probes.add(probe(b));
    }
    return Future.join(probes).transform(ar -> Future.succeededFuture());
  }

  private Future<Void> probe(Backend b) {
    long timeout = Math.min(CONNECT_TIMEOUT_MS * 2, settings.probe().toMillis());
    return client.request(b.options(HttpMethod.GET, QueryLinkSettings.READY_PATH).setTimeout(timeout))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(body -> resp.statusCode() == 200))
        .otherwise(false)
        .map(ok -> {
          if (!Boolean.valueOf(ok).equals(b.up)) {
            LOG.info("query node {} [node: {}]", ok ? "ready" : "not ready", b);
          }
          b.up = ok;
          return null;
        });
  }
}
