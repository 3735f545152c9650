package io.chartline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of a child JVM, read from the resource {@code io/chartline/devstack/<name>.classpath}
 * that the matching {@code devstack-runtime/<name>} module writes at build time (absolute paths of
 * jars in the local Maven repository, joined with the path separator).
 */
final class RuntimeClasspath {

  private RuntimeClasspath() {
  }

  /**
   * Loads and checks the classpath of runtime {@code name}.
   *
   * @throws IOException when the resource is missing or names a jar that no longer exists; the
   *                     message says which module to rebuild
   */
  static String load(String name) throws IOException {
    String resource = name + ".classpath";
    String text;
    try (InputStream in = RuntimeClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource io/chartline/devstack/" + resource + " is missing: build "
            + "devstack-runtime/" + name + " (mvn -pl devstack -am install) and put its jar on the classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    return verified(name, text);
  }

  static String verified(String name, String classpath) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
        missing.add(entry);
      }
    }
    if (classpath.isBlank() || !missing.isEmpty()) {
      throw new IOException("the " + name + " classpath built into devstack names jars that are not on this machine "
          + missing.stream().limit(3).toList() + ": rebuild devstack-runtime/" + name
          + " here (mvn -pl devstack -am install)");
    }
    return classpath;
  }
}
