package io.chartline.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wire-compatible AWS KMS endpoint in this JVM, for the real AWS SDK v2 clients ({@code KmsClient},
 * {@code KmsAsyncClient}, and through them the AWS Encryption SDK) in integration tests and
 * benchmarks. State is in memory only and is gone after {@link #close()}.
 *
 * <p><b>Wire contract.</b> HTTP/1.1 on {@code 127.0.0.1} at a port chosen at start ({@link #endpoint()}).
 * Requests are {@code POST /} with {@code Content-Type: application/x-amz-json-1.1},
 * {@code X-Amz-Target: TrentService.<Operation>} and a JSON body; binary members are base64 and
 * timestamps epoch seconds, as in the KMS API. A SigV4 {@code Authorization} header must be present
 * and its credential scope must name this endpoint's {@link #region()} and the service {@code kms};
 * the signature itself is not checked, so any access key works. Errors are HTTP 400 with
 * {@code {"__type": "<ExceptionName>", "message": "..."}} using the names AWS uses
 * ({@code NotFoundException}, {@code KMSInvalidStateException}, {@code InvalidCiphertextException},
 * {@code IncorrectKeyException}, {@code ValidationException}, {@code AlreadyExistsException},
 * {@code UnsupportedOperationException}, ...); an operation this endpoint does not implement answers
 * {@code UnknownOperationException} naming it.
 *
 * <p><b>Operations</b> ({@link #implementedOperations()}): exactly those the product calls —
 * CreateKey (symmetric {@code SYMMETRIC_DEFAULT} keys only; Description reported back, Tags checked,
 * Policy ignored), CreateAlias and ScheduleKeyDeletion for tenant keys, and GenerateDataKey and
 * Decrypt, which the AWS Encryption SDK's {@code KmsMasterKeyProvider} calls. Anything else is
 * {@code UnknownOperationException}; when the product starts calling another operation, it is added
 * here with its test (docs/adr/0012). Wherever KMS takes a {@code KeyId}, a key id, key ARN
 * ({@code arn:aws:kms:<region>:000000000000:key/<id>}), alias name ({@code alias/...}) or alias ARN
 * works; responses name keys by key ARN.
 *
 * <p><b>Cryptography is real.</b> Each key has random 256-bit backing material; a ciphertext blob is
 * AES-256-GCM under it with the canonicalised encryption context as additional authenticated data,
 * so decrypting with another context, another key's id, or an altered blob fails
 * ({@code InvalidCiphertextException} / {@code IncorrectKeyException}). Keys pending deletion refuse
 * cryptographic operations with {@code KMSInvalidStateException}, as in KMS. The waiting period of a
 * scheduled deletion never ends by itself: {@link #completeKeyDeletion(String)} ends it, destroying
 * the material (crypto-shredding).
 *
 * <p><b>Counters.</b> Every authenticated request naming an operation is counted under that
 * operation, whether it succeeds or fails ({@link #calls(String)}), so benchmarks can report KMS calls.
 *
 * <p><b>Threads.</b> The JDK's HTTP server with a small pool of daemon threads; {@link #close()} stops
 * all of them. The JDK server reads {@code sun.net.httpserver.nodelay} once, when the first server of
 * the JVM is created: LocalKms sets it to {@code true} unless it is already set, so that small
 * responses are not delayed by Nagle's algorithm.
 *
 * <p>Thread-safe. {@link #start} and {@link #close} block briefly (milliseconds).
 */
public final class LocalKms implements AutoCloseable {

  /** Region of {@link #start()}, the one the other devstack endpoints use. */
  public static final String DEFAULT_REGION = "us-east-1";
  /** The account every key belongs to, as it appears in ARNs. */
  public static final String ACCOUNT_ID = KmsKeyring.ACCOUNT;

  static final String NAME = "kms";
  static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
  static final String THREAD_PREFIX = "local-kms-";
  private static final Logger LOG = LoggerFactory.getLogger(LocalKms.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final String TARGET_PREFIX = "TrentService.";
  private static final String INVALID_SIGNATURE = "InvalidSignatureException";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final int THREADS = 4;
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final String region;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final KmsKeyring keyring;
  private final KmsOperations operations;
  private final URI endpoint;
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalKms(String region, HttpServer server, ThreadPoolExecutor executor) {
    this.region = region;
    this.server = server;
    this.executor = executor;
    this.keyring = new KmsKeyring(region, Clock.systemUTC());
    this.operations = new KmsOperations(keyring);
    this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Starts an endpoint for {@value #DEFAULT_REGION}; see {@link #start(String)}. */
  public static LocalKms start() throws IOException {
    return start(DEFAULT_REGION);
  }

  /**
   * Starts an endpoint on 127.0.0.1 at a free port, serving keys of {@code region}, and returns once
   * it accepts connections.
   *
   * @param region an AWS region name such as {@code us-east-1}; clients must sign for it
   * @throws IOException when no loopback port can be bound
   */
  public static LocalKms start(String region) throws IOException {
    Objects.requireNonNull(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("not an AWS region name: " + region);
    }
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, THREAD_PREFIX + instance + "-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
    LocalKms kms = new LocalKms(region, server, executor);
    server.setExecutor(executor);
    server.createContext("/", kms::handle);
    startAsDaemon(server, instance);
    LOG.info("kms ready [endpoint: {}, region: {}]", kms.endpoint, region);
    return kms;
  }

  /**
   * The JDK server's dispatcher thread inherits the daemon flag of the thread that starts it: start
   * it from a daemon thread so that a LocalKms nobody closed never keeps the JVM alive.
   */
  private static void startAsDaemon(HttpServer server, int instance) {
    Thread starter = new Thread(server::start, THREAD_PREFIX + instance + "-start");
    starter.setDaemon(true);
    starter.start();
    boolean interrupted = false;
    while (true) {
      try {
        starter.join(); // blocking-ok: the server starts in microseconds
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}; the port changes on every start. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region clients must use (and sign for); it appears in every ARN. */
  public String region() {
    return region;
  }

  /** An access key to sign with; any access key is accepted. */
  public String accessKey() {
    return "local-kms";
  }

  /** A secret key to sign with; signatures are not checked. */
  public String secretKey() {
    return "local-kms-secret";
  }

  /** The account id in every ARN, {@value #ACCOUNT_ID}. */
  public String accountId() {
    return ACCOUNT_ID;
  }

  /** The operation names this endpoint implements (without {@code TrentService.}), sorted. */
  public Set<String> implementedOperations() {
    return operations.names();
  }

  /**
   * Requests received for {@code operation} (e.g. {@code "GenerateDataKey"}) since start or the last
   * {@link #resetCounters()}, successful or not.
   */
  public long calls(String operation) {
    LongAdder counter = counters.get(operation);
    return counter == null ? 0 : counter.sum();
  }

  /** Requests received for all operations together. */
  public long totalCalls() {
    return counters.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** A snapshot of the counters of the operations called at least once, by operation name. */
  public Map<String, Long> callCounts() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((operation, counter) -> {
      long calls = counter.sum();
      if (calls > 0) {
        out.put(operation, calls);
      }
    });
    return out;
  }

  /** Sets every counter back to zero. */
  public void resetCounters() {
    counters.values().forEach(LongAdder::reset);
  }

  /**
   * Test hook: ends the waiting period of a key that is pending deletion (ScheduleKeyDeletion) now,
   * as KMS does when the period is over. Its backing material is overwritten and dropped, it and its
   * aliases disappear from every listing, and every later request naming it, or decrypting a blob it
   * sealed, fails with {@code NotFoundException}: proof that data sealed under it is unrecoverable.
   *
   * @param keyId key id, key ARN, alias name or alias ARN
   * @throws IllegalArgumentException when no such key exists
   * @throws IllegalStateException    when the key is not pending deletion
   */
  public void completeKeyDeletion(String keyId) {
    String arn;
    try {
      arn = keyring.completeDeletion(keyId);
    } catch (KmsError e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    LOG.info("kms key deleted, material destroyed [key: {}]", arn);
  }

  /** Stops the server and its threads; requests in flight are cut off. Idempotent, never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) { // blocking-ok: shutdown path
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("kms stopped [endpoint: {}]", endpoint);
  }

  private void handle(HttpExchange exchange) {
    byte[] request;
    try {
      request = exchange.getRequestBody().readAllBytes();
    } catch (IOException e) {
      exchange.close();
      return;
    }
    int status;
    byte[] body;
    String operation = null;
    try {
      operation = checkRequest(exchange);
      counters.computeIfAbsent(operation, name -> new LongAdder()).increment();
      ObjectNode result = operations.handle(operation, parse(request));
      status = 200;
      body = JSON.writeValueAsBytes(result);
    } catch (KmsError e) {
      status = e.type().equals(KmsError.INTERNAL) ? 500 : 400;
      body = error(e.type(), e.getMessage());
    } catch (RuntimeException | JsonProcessingException e) {
      LOG.warn("kms request failed [operation: {}]", operation, e);
      status = 500;
      body = error(KmsError.INTERNAL, "LocalKms failed: " + e.getClass().getSimpleName());
    }
    respond(exchange, status, body);
    LOG.debug("kms {} -> {}", operation, status);
  }

  /** Checks method, path, authorization and content type; returns the operation name. */
  private String checkRequest(HttpExchange exchange) {
    if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
      throw new KmsError(KmsError.UNKNOWN_OPERATION, "LocalKms answers POST / only, not "
          + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    }
    checkAuthorization(exchange.getRequestHeaders().getFirst("Authorization"));
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || !target.startsWith(TARGET_PREFIX) || target.length() == TARGET_PREFIX.length()) {
      throw new KmsError(KmsError.UNKNOWN_OPERATION, "X-Amz-Target must be TrentService.<Operation>, not " + target);
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE)) {
      throw new KmsError(KmsError.SERIALIZATION, "Content-Type must be " + CONTENT_TYPE + ", not " + contentType);
    }
    return target.substring(TARGET_PREFIX.length());
  }

  private void checkAuthorization(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new KmsError(KmsError.MISSING_AUTHENTICATION, "Missing Authentication Token: sign requests with SigV4");
    }
    String scheme = "AWS4-HMAC-SHA256 ";
    int credential = authorization.indexOf("Credential=");
    if (!authorization.startsWith(scheme) || credential < 0 || !authorization.contains("SignedHeaders=")
        || !authorization.contains("Signature=")) {
      throw new KmsError(KmsError.INCOMPLETE_SIGNATURE, "Authorization header is not AWS4-HMAC-SHA256 with "
          + "Credential, SignedHeaders and Signature");
    }
    int end = authorization.indexOf(',', credential);
    String[] scope = authorization.substring(credential + "Credential=".length(),
        end < 0 ? authorization.length() : end).trim().split("/");
    if (scope.length != 5 || !"kms".equals(scope[3]) || !"aws4_request".equals(scope[4])) {
      throw new KmsError(KmsError.INCOMPLETE_SIGNATURE, "Credential scope must be <key>/<date>/<region>/kms/aws4_request");
    }
    if (!region.equals(scope[2])) {
      throw new KmsError(INVALID_SIGNATURE, "Credential should be scoped to a valid region: this endpoint serves '"
          + region + "', the request was signed for '" + scope[2] + "'");
    }
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      throw new KmsError(KmsError.SERIALIZATION, "Request body is not JSON");
    }
    if (request == null || !request.isObject()) {
      throw new KmsError(KmsError.SERIALIZATION, "Request body must be a JSON object");
    }
    return request;
  }

  private static byte[] error(String type, String message) {
    ObjectNode node = JSON.createObjectNode().put("__type", type);
    if (message != null) {
      node.put("message", message);
    }
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) {
    try {
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      LOG.debug("kms client went away before the response was written", e);
    } finally {
      exchange.close();
    }
  }
}
