package io.chartline.launcher;

import io.chartline.api.AdminRoutes;
import io.chartline.api.ApiVerticle;
import io.chartline.api.Auditor;
import io.chartline.api.AuthFailureAudit;
import io.chartline.api.AuthHandler;
import io.chartline.api.AuthRefusals;
import io.chartline.api.BreakGlass;
import io.chartline.api.BreakGlassRoutes;
import io.chartline.api.CallerRateLimits;
import io.chartline.api.ClientAddresses;
import io.chartline.api.ClientDeadlineGuard;
import io.chartline.api.DocumentRoutes;
import io.chartline.api.HealthRoutes;
import io.chartline.api.RateLimitHandler;
import io.chartline.api.RateLimiter;
import io.chartline.api.SearchRoutes;
import io.chartline.api.SourceLimits;
import io.chartline.api.TenantOverview;
import io.chartline.api.admin.KeyRotations;
import io.chartline.api.admin.TenantDeletion;
import io.chartline.common.audit.AuditLog;
import io.chartline.common.audit.KafkaAuditSink;
import io.chartline.common.auth.RolePermissions;
import io.chartline.common.auth.TokenVerifier;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.kafka.KafkaClientConfigs;
import io.chartline.common.store.ObjectStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the API's component graph from configuration. */
final class Wiring {

  private final AppConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final TokenVerifier tokens;
  // one set of buckets per process, shared by every API verticle instance
  private CallerRateLimits rateLimits;
  private final RateLimiter sourceLimits;
  private final ClientAddresses addresses;
  private KafkaAdminClient admin;
  private final Map<String, Supplier<Future<Void>>> nodeChecks = new LinkedHashMap<>();

  Wiring(AppConfig config, Vertx vertx, PrometheusMeterRegistry registry, Clock clock, TokenVerifier tokens) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.clock = clock;
    this.tokens = tokens;
    SourceLimits sources = config.api().sources();
    this.sourceLimits = sources.limited()
        ? new RateLimiter(sources.perSecond(), sources.burst(), sources.maxSources(), clock) : null;
    this.addresses = new ClientAddresses(sources.trustedProxies());
  }

  /** Adds a readiness probe of this node's own components (the embedder's circuit) to {@code /health/ready}. */
  void readiness(String name, Supplier<Future<Void>> check) {
    nodeChecks.put(name, check);
  }

  /** @param auditLog the audit log itself, where break-glass commits its events before the grant exists */
  ApiVerticle api(ObjectStore objects, Adapters.Database db, EventPublisher publisher, AuditLog auditLog,
      KeyRotations rotations, TenantDeletion deletion, TenantCrypto crypto) {
    KafkaAuditSink stream = new KafkaAuditSink(publisher, registry);
    BreakGlass breakGlass = new BreakGlass(db.grants(), db.tenants(), auditLog, publisher, stream, clock,
        config.breakGlass());
    Auditor auditor = new Auditor(stream, clock, breakGlass::commit);
    AuthFailureAudit authFailures = new AuthFailureAudit(vertx, stream, clock, config.api().sources());
    AuthHandler auth = new AuthHandler(tokens, config.rolePermissions(),
        auditor, breakGlass, new AuthRefusals(addresses, sourceLimits, authFailures, auditor));
    DocumentRoutes docs = new DocumentRoutes(config.api(), objects, db.documents(), publisher, auditor, clock,
        config.objectStoreRegion(), crypto);
    SearchRoutes search = new SearchRoutes(config.api(), vertx.eventBus(), auditor, config.answerStream());
    Map<String, Supplier<Future<Void>>> checks = checks(db, objects);
    Path uploads = config.workDir().resolve("chartline-uploads");
    return new ApiVerticle(config.api(), auth, new RateLimitHandler(rateLimits(db), auditor), docs, search,
        new AdminRoutes(rotations, deletion, auditor, new TenantOverview(db.tenants())),
        new BreakGlassRoutes(breakGlass, auditor), new HealthRoutes(checks, clock),
        ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
            .end(registry.scrape()), uploads,
        new ClientDeadlineGuard(vertx, config.api().deadlines(), clock, registry), authFailures);
  }

  /** The caller limits of this process: the database's shared buckets unless {@code CHARTLINE_RATE_LIMIT_SCOPE=process}. */
  private synchronized CallerRateLimits rateLimits(Adapters.Database db) {
    if (rateLimits == null) {
      rateLimits = new CallerRateLimits(config.api().rates(), clock, config.sharedRateLimits() ? db.rateLimits() : null);
    }
    return rateLimits;
  }

  /**
   * The readiness probes of this node's roles: the database for every role; Kafka for the roles
   * that produce or consume (api, ingest, embed, audit); S3 for api and ingest; then the node's own
   * components registered with {@link #readiness} (the intake queue, the embedder's and the
   * generator's circuits).
   */
  Map<String, Supplier<Future<Void>>> checks(Adapters.Database db, ObjectStore objects) {
    Map<String, Supplier<Future<Void>>> checks = new LinkedHashMap<>();
    checks.put("database", db::ping);
    if (config.roles().contains(Role.API) || config.roles().contains(Role.INGEST) || config.roles().contains(Role.EMBED)
        || config.roles().contains(Role.AUDIT)) {
      checks.put("kafka", () -> kafkaAdmin().describeCluster().mapEmpty());
    }
    if (config.roles().contains(Role.API) || config.roles().contains(Role.INGEST)) {
      checks.put("s3", objects::ping);
    }
    checks.putAll(nodeChecks);
    return checks;
  }

  private synchronized KafkaAdminClient kafkaAdmin() {
    if (admin == null) {
      admin = KafkaAdminClient.create(vertx, KafkaClientConfigs.admin(config.kafka()));
    }
    return admin;
  }
}
