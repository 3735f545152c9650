package io.chartline.devstack;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local S3 endpoint as clients see it: every request goes through to the S3 server unchanged
 * (signatures included: the host header is kept), and every successful object write or removal is
 * announced as S3 announces it, with an event notification (event version 2.1, form-encoded key,
 * size, ETag, version id, a sequencer that grows per key) sent to the SQS queues routed for the
 * bucket. Writes are single PUTs, copies, completed multipart uploads; removals single and
 * multi-object deletes. Whatever client writes (the API, the AWS CLI, an SDK) is announced, so the
 * intake sees what it would see on AWS.
 */
public final class S3EventNotifier implements S3Server, LocalService {

  static final String NAME = "s3-notifications";
  private static final Logger LOG = LoggerFactory.getLogger(S3EventNotifier.class);
  private static final Set<String> SUBRESOURCES = Set.of("acl", "tagging", "retention", "legal-hold", "torrent",
      "restore", "select", "attributes", "uploads");
  private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);

  private final S3Server origin;
  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient client;
  private final Map<String, List<URI>> routes = new ConcurrentHashMap<>();
  private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() << 20);

  private S3EventNotifier(S3Server origin, Vertx vertx, HttpServer server, HttpClient client) {
    this.origin = origin;
    this.vertx = vertx;
    this.server = server;
    this.client = client;
  }

  /** Starts the endpoint in this JVM in front of {@code origin}. */
  static S3EventNotifier start(S3Server origin) throws IOException {
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions());
    HttpProxy proxy = HttpProxy.reverseProxy(client).origin(origin.endpoint().getPort(), origin.endpoint().getHost());
    S3EventNotifier[] self = new S3EventNotifier[1];
    proxy.addInterceptor(new ProxyInterceptor() {
      @Override
      public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return self[0].request(context);
      }

      @Override
      public Future<Void> handleProxyResponse(ProxyContext context) {
        return self[0].response(context);
      }
    });
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setHandle100ContinueAutomatically(true)).requestHandler(proxy);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // blocking-ok: stack start
    } catch (Exception e) {
      vertx.close();
      throw new IOException("the S3 notifications endpoint did not start", e);
    }
    self[0] = new S3EventNotifier(origin, vertx, server, client);
    LOG.info("s3 notifications endpoint ready [port: {}, origin: {}]", server.actualPort(), origin.endpoint());
    return self[0];
  }

  /** Sends the event notifications of {@code bucket} (every object created or removed) to {@code queueUrl}. */
  public void route(String bucket, URI queueUrl) {
    List<URI> queues = routes.computeIfAbsent(bucket, b -> new CopyOnWriteArrayList<>());
    if (!queues.contains(queueUrl)) {
      queues.add(queueUrl);
    }
  }

  /** An object operation recognised in a request, announced once S3 answered it with success. */
  private record Operation(String eventName, String bucket, List<String> keys, long size) {
  }

  private Future<ProxyResponse> request(ProxyContext context) {
    // the client signed the host it called: keep it, or the S3 server refuses the signature
    context.request().setAuthority(context.request().proxiedRequest().authority());
    HttpMethod method = context.request().getMethod();
    URI uri = URI.create("http://local" + context.request().getURI());
    String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
    int slash = path.indexOf('/', 1);
    String bucket = decodePath(slash < 0 ? path.substring(1) : path.substring(1, slash));
    String key = slash < 0 ? "" : decodePath(path.substring(slash + 1));
    Map<String, String> query = query(uri.getRawQuery());
    boolean sub = query.keySet().stream().anyMatch(SUBRESOURCES::contains);
    Operation op = null;
    if (!bucket.isEmpty() && !key.isEmpty() && !sub) {
      if (method == HttpMethod.PUT && !query.containsKey("uploadId") && !query.containsKey("partNumber")) {
        String decoded = context.request().headers().get("x-amz-decoded-content-length");
        String length = decoded != null ? decoded : context.request().headers().get("content-length");
        op = new Operation(context.request().headers().contains("x-amz-copy-source") ? "ObjectCreated:Copy"
            : "ObjectCreated:Put", bucket, List.of(key), parse(length));
      } else if (method == HttpMethod.POST && query.containsKey("uploadId")) {
        op = new Operation("ObjectCreated:CompleteMultipartUpload", bucket, List.of(key), -1);
      } else if (method == HttpMethod.DELETE && !query.containsKey("uploadId")) {
        op = new Operation("ObjectRemoved:Delete", bucket, List.of(key), -1);
      }
    } else if (!bucket.isEmpty() && key.isEmpty() && method == HttpMethod.POST && query.containsKey("delete")) {
      return multiDelete(context, bucket);
    }
    if (op != null && routes.containsKey(bucket)) {
      context.set(NAME, op);
    }
    return context.sendRequest();
  }

  /** A multi-object delete names its keys in the request body: read it, then send it on unchanged. */
  private Future<ProxyResponse> multiDelete(ProxyContext context, String bucket) {
    if (!routes.containsKey(bucket)) {
      return context.sendRequest();
    }
    ReadStream<Buffer> stream = context.request().getBody().stream();
    Promise<Buffer> read = Promise.promise();
    Buffer body = Buffer.buffer();
    stream.handler(body::appendBuffer).exceptionHandler(read::tryFail).endHandler(v -> read.tryComplete(body));
    stream.resume();
    return read.future().compose(b -> {
      List<String> keys = new ArrayList<>();
      Matcher m = KEY.matcher(b.toString(StandardCharsets.UTF_8));
      while (m.find()) {
        keys.add(unescapeXml(m.group(1)));
      }
      context.request().setBody(Body.body(b));
      context.set(NAME, new Operation("ObjectRemoved:Delete", bucket, keys, -1));
      return context.sendRequest();
    });
  }

  private Future<Void> response(ProxyContext context) {
    Operation op = context.get(NAME, Operation.class);
    int status = context.response().getStatusCode();
    if (op != null && status >= 200 && status < 300) {
      String etag = context.response().headers().get("etag");
      String version = context.response().headers().get("x-amz-version-id");
      for (String key : op.keys()) {
        announce(op, key, etag == null ? null : etag.replace("\"", ""), version);
      }
    }
    return context.sendResponse();
  }

  private void announce(Operation op, String key, String etag, String versionId) {
    JsonObject object = new JsonObject().put("key", encodeKey(key)).put("sequencer",
        String.format(Locale.ROOT, "%018X", sequencer.incrementAndGet()));
    if (op.eventName().startsWith("ObjectCreated")) {
      object.put("size", op.size());
      if (etag != null) {
        object.put("eTag", etag);
      }
    }
    if (versionId != null) {
      object.put("versionId", versionId);
    }
    String body = new JsonObject().put("Records", new JsonArray().add(new JsonObject()
        .put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", region())
        .put("eventTime", Instant.now().toString()).put("eventName", op.eventName())
        .put("userIdentity", new JsonObject().put("principalId", "local"))
        .put("s3", new JsonObject().put("s3SchemaVersion", "1.0").put("configurationId", "chartline-intake")
            .put("bucket", new JsonObject().put("name", op.bucket()).put("arn", "arn:aws:s3:::" + op.bucket()))
            .put("object", object)))).encode();
    for (URI queue : routes.getOrDefault(op.bucket(), List.of())) {
      String form = "Action=SendMessage&Version=2012-11-05&QueueUrl=" + form(queue.toString()) + "&MessageBody="
          + form(body);
      client.request(HttpMethod.POST, queue.getPort(), queue.getHost(), queue.getRawPath())
          .compose(r -> r.putHeader("content-type", "application/x-www-form-urlencoded").send(form))
          .onComplete(ar -> {
            if (ar.failed() || ar.result().statusCode() != 200) {
              LOG.warn("s3 event notification not delivered [bucket: {}, status: {}]", op.bucket(),
                  ar.failed() ? ar.cause().getClass().getSimpleName() : ar.result().statusCode());
            }
          });
    }
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** S3 notifications form-encode keys, slashes kept. */
  static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }

  /** A path segment is percent-encoded: {@code +} is a plus there. */
  static String decodePath(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new java.util.HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      out.put(URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static long parse(String length) {
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String unescapeXml(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
        .replace("&#13;", "\r").replace("&#10;", "\n").replace("&amp;", "&");
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  @Override
  public String accessKey() {
    return origin.accessKey();
  }

  @Override
  public String secretKey() {
    return origin.secretKey();
  }

  @Override
  public String region() {
    return origin.region();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void stop() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // blocking-ok: stack stop
    } catch (Exception e) {
      LOG.warn("s3 notifications endpoint did not stop cleanly [error: {}]", e.getClass().getSimpleName());
    }
  }
}
