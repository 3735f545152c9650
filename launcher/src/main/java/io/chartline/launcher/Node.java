package io.chartline.launcher;

import io.chartline.api.ApiVerticle;
import io.chartline.api.admin.KeyRotations;
import io.chartline.api.admin.TenantDeletion;
import io.chartline.api.admin.TenantPurge;
import io.chartline.audit.AuditLogWriter;
import io.chartline.common.audit.AuditLog;
import io.chartline.common.audit.KafkaAuditSink;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.embed.Embedder;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.generate.Generator;
import io.chartline.common.intake.ObjectEventSource;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.kafka.RecordOrigin;
import io.chartline.common.kafka.TopicAdmin;
import io.chartline.common.store.HandOffObjectStore;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.store.SealingObjectStore;
import io.chartline.embed.ChunkBatchHandler;
import io.chartline.ingest.UploadHandler;
import io.chartline.ingest.intake.IntakeVerticle;
import io.chartline.ingest.intake.ObjectIntake;
import io.chartline.ingest.schedule.ParseScheduler;
import io.chartline.jwt.KeySource;
import io.chartline.query.QueryService;
import io.chartline.query.QueryVerticle;
import io.chartline.query.QuestionEmbedder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Chartline process: wires the components for its roles and deploys them. The only
 * place that creates objects and chooses instance counts.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  /** How long an upload waits in the hand-off for this node's ingest stage before only S3 has it. */
  private static final Duration HAND_OFF_MAX_AGE = Duration.ofMinutes(2);
  /** How often a node looks at its embedder's readiness, to log changes. */
  private static final Duration EMBEDDER_WATCH = Duration.ofSeconds(1);
  private static final String NO_KEY = "no usable token verification key: refusing to start the api role "
      + "(set CHARTLINE_AUTH_JWKS_FILE or CHARTLINE_AUTH_JWKS_URL, or an OIDC issuer in CHARTLINE_AUTH_ISSUER)";

  private final AppConfig config;
  private final KeySource.Factory keySource;
  private KeySource keys;
  private final Clock clock;
  private final Adapters adapters;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Adapters.Database db;
  private Embedder embedder;
  private Generator generator;
  private ObjectStore objects;
  private EventPublisher publisher;
  private RecordOrigin origin;
  private TenantCrypto crypto;
  private KeyBackend keyBackend;
  private KeyRotations rotations;
  private TenantDeletion deletion;
  private int apiPort = -1;
  private int healthPort = -1;
  private QueryLinks links;

  private Node(AppConfig config, KeySource.Factory keySource, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.keySource = Objects.requireNonNull(keySource, "keySource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.adapters = new Adapters(config);
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /**
   * Starts a node: the api role's token verification keys (opened from {@code keys} on the node's
   * Vert.x, e.g. an OIDC issuer's JWKS), checks of the database (schema current, vector dimension
   * and model, harmless roles), topics, then every role's verticles.
   *
   * @return the running node; fails (after releasing what was started) when any part cannot start,
   *     including when the api role has no usable verification key
   */
  public static Future<Node> start(AppConfig config, KeySource.Factory keys, Clock clock) {
    Node node = new Node(config, keys, clock);
    // Close in the background: its completion runs on event loops that are being shut down.
    return node.openKeys().compose(v -> node.startAll()).map(node).recover(t -> {
      LOG.error("node failed to start [error: {}]", String.valueOf(t));
      node.close();
      return Future.failedFuture(t);
    });
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** @return the bound API port, or -1 when this node does not run the api role. */
  public int apiPort() {
    return apiPort;
  }

  /** @return the bound port of the role health endpoint ({@code CHARTLINE_HEALTH_PORT}), or -1 without it */
  public int healthPort() {
    return healthPort;
  }

  /** @return the bound port of the query link ({@code CHARTLINE_QUERY_PORT}), or -1 when this node does not serve it */
  public int queryLinkPort() {
    return links == null ? -1 : links.port();
  }

  /** The application-role pool (for benchmarks and tests that read as the app would). */
  public Pool appPool() {
    return db.appPool();
  }

  /** The embedder of a node with the embed or query role (null otherwise), as the benchmarks drive it. */
  public Embedder embedder() {
    return embedder;
  }

  /**
   * Readiness of this node's embedder, for every role (the api role serves it on {@code
   * /health/ready}): fails while the embedder cannot serve (its circuit is open).
   *
   * @return a succeeded future when the node has no embedder or it is ready
   */
  public Future<Void> embedderReady() {
    return embedder == null || embedder.ready() ? Future.succeededFuture()
        : Future.failedFuture(new ChartlineException(ErrorCode.UNAVAILABLE,
            "the embedding model is unavailable (circuit open)"));
  }

  /** Nodes without the api role have no readiness endpoint: say in the log when the embedder stops and starts serving. */
  private void watchEmbedder() {
    boolean[] ready = {true};
    vertx.setPeriodic(EMBEDDER_WATCH.toMillis(), id -> {
      boolean now = embedder.ready();
      if (now != ready[0]) {
        ready[0] = now;
        if (now) {
          LOG.info("embedder ready again [model: {}]", embedder.modelId());
        } else {
          LOG.warn("embedder not ready: circuit open [model: {}]", embedder.modelId());
        }
      }
    });
  }

  /** Token keys come first: the api role never serves without one, and a bad issuer fails fast. */
  private Future<Void> openKeys() {
    if (!config.roles().contains(Role.API)) {
      keys = KeySource.none();
      return Future.succeededFuture();
    }
    return keySource.open(vertx).compose(source -> {
      keys = source;
      closeables.add(source::close);
      return !source.hasKeys() ? Future.failedFuture(new IllegalStateException(NO_KEY))
          : Future.succeededFuture();
    });
  }

  private Future<Void> startAll() {
    Wiring w = new Wiring(config, vertx, registry, clock, adapters.tokenVerifier(keys, clock));
    db = adapters.database(vertx);
    boolean embeds = config.roles().contains(Role.EMBED) || config.roles().contains(Role.QUERY);
    boolean writesAudit = config.roles().contains(Role.AUDIT) || config.roles().contains(Role.API);
    // The schema is migrated in its own step; this node only checks it can serve on it, and that
    // the roles it was given cannot change the schema or the audit trail.
    return adapters.checkDatabase(vertx, db, embeds, writesAudit)
        .compose(v -> TopicAdmin.ensureTopics(vertx, config.kafka(), config.kafka().topics().all(),
            config.topicConfigs()))
        // the key file may be created on first start, and creating the producer builds the native
        // client, which can block while brokers are unreachable: never on an event loop
        .compose(v -> vertx.executeBlocking(() -> {
          origin = new RecordOrigin(config.recordKeys().load());
          publisher = new EventPublisher(vertx, config.kafka(), "chartline-" + ProcessHandle.current().pid(), origin,
              clock);
          return publisher;
        }))
        .compose(created -> {
          objects = handOff(adapters.objectStore(vertx, closeables::add));
          return config.roles().contains(Role.API) || config.roles().contains(Role.INGEST)
              ? objects.ensureBucket() : Future.succeededFuture();
        })
        .compose(v -> deployRoles(w, adapters));
  }

  private Future<Void> deployRoles(Wiring w, Adapters adapters) {
    // Loading the model and tokenizer reads ~90 MB: never on an event loop.
    return vertx.executeBlocking(() -> {
      crypto = tenantCrypto();
      if (crypto.enabled()) {
        objects = new SealingObjectStore(objects, crypto);
      }
      if (config.roles().contains(Role.EMBED) || config.roles().contains(Role.QUERY)) {
        embedder = adapters.embedder(vertx, registry);
        closeables.add(embedder::close);
        w.readiness("embedder", this::embedderReady);
        watchEmbedder();
      }
      if (config.roles().contains(Role.QUERY)) {
        generator = adapters.generator(vertx, registry);
        closeables.add(generator::close);
        if (!config.generator().fallback()) {
          // with the fallback on, an open circuit still answers (with passages): the node stays ready
          w.readiness("generator", () -> generator.ready() ? Future.succeededFuture()
              : Future.failedFuture("the answer generator's circuit is open"));
        }
      }
      if (config.roles().contains(Role.INGEST)) {
        WorkerExecutor parsing = vertx.createSharedWorkerExecutor("chartline-parse", config.parseQueue().workers(), 5,
            TimeUnit.MINUTES);
        return new UploadHandler(config.ingest(), objects, db.documents(), publisher,
            new ParseScheduler(parsing, config.parseQueue(), registry), crypto, adapters.tokenCounter());
      }
      return null;
    }).compose(uploads -> deployVerticles(w, uploads));
  }

  /**
   * With the api and ingest roles on this node, the ingest stage reads each upload from the
   * API's hand-off instead of fetching it back from S3 (CHARTLINE_S3_HANDOFF_BYTES, 0 for off).
   */
  private ObjectStore handOff(ObjectStore store) {
    if (config.handOffBytes() == 0 || !config.roles().contains(Role.API)
        || !config.roles().contains(Role.INGEST)) {
      return store;
    }
    HandOffObjectStore handOff = new HandOffObjectStore(store, config.handOffBytes(), HAND_OFF_MAX_AGE);
    FunctionCounter.builder("chartline.objects.reads", handOff, HandOffObjectStore::handedOver)
        .description("Object reads by where they were served from").tag("source", "hand-off").register(registry);
    FunctionCounter.builder("chartline.objects.reads", handOff, HandOffObjectStore::readFromStore)
        .description("Object reads by where they were served from").tag("source", "store").register(registry);
    Gauge.builder("chartline.objects.handoff.bytes", handOff, HandOffObjectStore::heldBytes)
        .description("Bytes of just-stored objects held for this node's ingest stage").register(registry);
    return handOff;
  }

  /** Runs on a worker: opening the local keyring reads (or creates) the master key file. */
  private TenantCrypto tenantCrypto() {
    if (!config.crypto().enabled()) {
      LOG.warn("encryption is OFF (CHARTLINE_CRYPTO_PROVIDER=none): chunk text is stored and sent in clear");
      return TenantCrypto.disabled();
    }
    Adapters.Crypto built = adapters.tenantCrypto(vertx, db.keyVersions(), db.documents()::ensureTenant, clock,
        closeables::add);
    keyBackend = built.keys();
    return built.crypto();
  }

  /** The node's tenant encryption (for benchmarks counting key backend calls). */
  public TenantCrypto crypto() {
    return crypto;
  }

  private Future<Void> deployVerticles(Wiring w, UploadHandler uploads) {
    List<Future<?>> deployed = new ArrayList<>();
    Stages stages = new Stages(config, publisher, origin, registry);
    if (config.roles().contains(Role.AUDIT)) {
      deployed.add(vertx.deployVerticle(stages.audit(new AuditLogWriter(adapters.auditLog(vertx, 4)))));
    }
    if (config.roles().contains(Role.QUERY)) {
      deployed.add(vertx.deployVerticle(new QueryVerticle(v -> new QueryService(
          new QuestionEmbedder(embedder, config.query().maxQuestionBatch(), config.inferenceThreads(),
              config.query().cacheSize()),
          db.chunks(), generator, crypto, config.query().minScore(), config.generator().fallback()))));
    }
    links = new QueryLinks(vertx, config, clock);
    deployed.add(links.deploy(w, w.checks(db, objects), registry));
    if (config.roles().contains(Role.EMBED)) {
      deployed.add(vertx.deployVerticle(stages.embed(
          new ChunkBatchHandler(embedder, db.chunks(), db.documents(), publisher, crypto, clock), embedder)));
    }
    if (config.roles().contains(Role.INGEST)) {
      deployed.add(vertx.deployVerticle(stages.ingest(uploads)));
      ObjectEventSource events = adapters.objectEvents(vertx, closeables::add);
      if (events != null) {
        // objects other clients write into the bucket, announced by S3 through the queue
        deployed.add(vertx.deployVerticle(new IntakeVerticle(events, new ObjectIntake(objects, db.tenants(),
            db.objectSources(), crypto, publisher, new KafkaAuditSink(publisher, registry), clock,
            config.objectStoreRegion()))));
        w.readiness("sqs", events::ping);
      }
    }
    if (config.healthPort() >= 0) {
      HealthVerticle health = new HealthVerticle(config.api().host(), config.healthPort(), w.checks(db, objects), clock);
      deployed.add(vertx.deployVerticle(health).onSuccess(id -> healthPort = health.actualPort()));
    }
    Future<Void> all = Future.all(deployed).mapEmpty();
    if (config.roles().contains(Role.API)) {
      KafkaAuditSink systemAudit = new KafkaAuditSink(publisher, registry);
      rotations = crypto.enabled()
          ? new KeyRotations(vertx, db.rotations(), crypto, keyBackend, systemAudit, clock,
              config.crypto().keyRefresh().plusSeconds(2))
          : null;
      // break-glass and tenant deletion commit their audit events to the log itself, as the INSERT-only audit writer
      AuditLog auditLog = adapters.auditLog(vertx, 2);
      deletion = new TenantDeletion(vertx, db.deletions(), db.tenants(), new TenantPurge(vertx, db.keyVersions(),
          keyBackend, crypto, objects, db.documents()), auditLog, systemAudit, publisher, clock, config.deletion());
      all = all.compose(v -> {
        List<ApiVerticle> apis = new ArrayList<>();
        return vertx.deployVerticle(() -> {
              ApiVerticle api = w.api(objects, db, publisher, auditLog, rotations, deletion, crypto);
              apis.add(api);
              return api;
            }, new DeploymentOptions().setInstances(config.apiInstances()))
            .onSuccess(id -> apiPort = apis.get(0).actualPort())
            .compose(id -> rotations == null ? Future.succeededFuture(0) : rotations.resumeAll())
            .onSuccess(n -> {
              if (n > 0) {
                LOG.info("resumed key rotations [count: {}]", n);
              }
            })
            .compose(n -> deletion.resumeAll())
            .onSuccess(n -> {
              if (n > 0) {
                LOG.info("resumed tenant deletions [count: {}]", n);
              }
            })
            .mapEmpty();
      });
    }
    return all.onSuccess(v -> LOG.info("node started [roles: {}]", config.roles()));
  }

  /** Undeploys everything and releases clients; always completes. */
  public Future<Void> close() {
    Future<Void> released = Future.join(
        rotations == null ? Future.succeededFuture() : rotations.releaseLeases(),
        deletion == null ? Future.succeededFuture() : deletion.releaseLeases()).mapEmpty();
    return released.transform(ar -> vertx.close())
        .eventually(() -> {
          for (AutoCloseable c : closeables) {
            try {
              c.close();
            } catch (Exception e) {
              LOG.warn("close failed [error: {}]", e.toString());
            }
          }
          registry.close();
          return Future.succeededFuture();
        })
        .recover(t -> Future.succeededFuture());
  }
}
