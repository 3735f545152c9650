package io.chartline.devtools;

import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <home>/env}: shell exports that point the AWS CLI, kcat and psql at a running dev stack
 * ({@code bin/chartline env} prints it). Written once the node serves, readable by its owner only
 * (it holds the dev stack's credentials), removed when the stack stops. The first line names the
 * process, so a file left by a killed process is recognised as stale.
 */
final class DevEnvFile {

  static final String NAME = "env";

  private DevEnvFile() {
  }

  /** The exports for {@code settings} and {@code config} of a node serving on {@code apiPort} (-1: no API). */
  static Map<String, String> exports(Settings settings, AppConfig config, int apiPort) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("AWS_ACCESS_KEY_ID", settings.str("CHARTLINE_S3_ACCESS_KEY", ""));
    e.put("AWS_SECRET_ACCESS_KEY", settings.str("CHARTLINE_S3_SECRET_KEY", ""));
    e.put("AWS_DEFAULT_REGION", config.s3().region());
    e.put("AWS_ENDPOINT_URL_S3", settings.str("CHARTLINE_S3_ENDPOINT", ""));
    e.put("CHARTLINE_S3_BUCKET", config.s3().bucket());
    if (config.sqs() != null) {
      e.put("AWS_ENDPOINT_URL_SQS", settings.str("CHARTLINE_SQS_ENDPOINT", ""));
      e.put("CHARTLINE_SQS_QUEUE_URL", config.sqs().queueUrl());
    }
    e.put("CHARTLINE_KAFKA_BOOTSTRAP", config.kafka().bootstrapServers());
    e.put("CHARTLINE_TOPIC_UPLOADED", config.kafka().topics().uploaded());
    e.put("CHARTLINE_TOPIC_AUDIT", config.kafka().topics().audit());
    e.put("PGHOST", config.db().host());
    e.put("PGPORT", Integer.toString(config.db().port()));
    e.put("PGDATABASE", config.db().database());
    e.put("PGUSER", config.db().app().user());
    e.put("PGPASSWORD", config.db().app().password());
    e.put("DATABASE_URL", "postgresql://" + config.db().app().user() + "@" + config.db().host() + ":"
        + config.db().port() + "/" + config.db().database());
    if (apiPort > 0) {
      e.put("CHARTLINE_API", "http://127.0.0.1:" + apiPort);
    }
    return e;
  }

  /** Writes the file atomically, owner-only. */
  static Path write(Path home, Map<String, String> exports) throws IOException {
    StringBuilder text = new StringBuilder("# chartline dev stack, pid ").append(ProcessHandle.current().pid())
        .append(": eval \"$(bin/chartline env)\"\n");
    exports.forEach((k, v) -> text.append("export ").append(k).append("='").append(v.replace("'", "'\\''"))
        .append("'\n"));
    Path tmp = Files.createTempFile(home, ".env", ".tmp", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text);
    return Files.move(tmp, home.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the file if this process wrote it. */
  static void remove(Path home) {
    try {
      Path file = home.resolve(NAME);
      if (Files.exists(file) && Files.readString(file).startsWith("# chartline dev stack, pid "
          + ProcessHandle.current().pid() + ":")) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // a stale file is recognised by its pid
    }
  }
}
