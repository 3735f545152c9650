package io.chartline.common.events;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locates the third-party S3 event samples in the shared evaluation data: the
 * {@code chartline.shared.data} system property, else {@code shared/data} beside the repository
 * root, found by walking up from the working directory to a directory holding a {@code pom.xml}
 * whose parent has {@code shared/data}. Empty when the data is absent (a clone without it).
 */
final class SharedS3Events {

  static final String ABSENT = "shared S3 event samples not found (set -Dchartline.shared.data or place shared/data "
      + "beside the repository); skipping the data-driven cases";

  private SharedS3Events() {
  }

  static Optional<Path> root() {
    String configured = System.getProperty("chartline.shared.data");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured).toAbsolutePath().normalize().resolve("s3_events");
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path parent = dir.getParent();
      if (parent != null && Files.exists(dir.resolve("pom.xml"))
          && Files.isDirectory(parent.resolve("shared").resolve("data").resolve("s3_events"))) {
        return Optional.of(parent.resolve("shared").resolve("data").resolve("s3_events"));
      }
    }
    return Optional.empty();
  }

  /** @return the file under the samples root, when the samples and that file exist. */
  static Optional<Path> file(String relative) {
    return root().map(r -> r.resolve(relative)).filter(Files::isRegularFile);
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line of {@code derived/key_encoding_cases.jsonl}. */
  record KeyCase(String file, String rawKey, String eventKey, boolean slashEncoded) {
  }

  static List<KeyCase> keyCases(Path jsonl) {
    try {
      List<KeyCase> out = new ArrayList<>();
      for (String line : Files.readAllLines(jsonl)) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject o = new JsonObject(line);
        out.add(new KeyCase(o.getString("file"), o.getString("raw_key"), o.getString("event_key"),
            o.getBoolean("slash_encoded", false)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
