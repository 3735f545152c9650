package io.chartline.ingest.parse;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared evaluation corpora: the {@code chartline.shared.data} system property, else
 * {@code ../shared/data} beside the repository root (found by walking up from the working
 * directory while the parent still holds a {@code pom.xml}).
 */
final class SharedData {

  private SharedData() {}

  static Path root() {
    String configured = System.getProperty("chartline.shared.data");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path repository = Path.of("").toAbsolutePath();
    while (repository.getParent() != null && Files.exists(repository.getParent().resolve("pom.xml"))) {
      repository = repository.getParent();
    }
    return repository.resolve("../shared/data").normalize();
  }
}
