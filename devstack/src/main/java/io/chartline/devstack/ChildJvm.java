package io.chartline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds command lines for the service JVMs (Kafka, s3proxy, ElasticMQ). Each runs
 * {@link ParentWatch} first, so it dies with this JVM; its classpath is the service's runtime
 * classpath plus a directory holding only {@code ParentWatch.class}, copied out of devstack so
 * that a shaded application jar never ends up on a service's classpath.
 */
final class ChildJvm {

  /** Small heap and C1 only: these services idle most of the time and should start fast. */
  static final List<String> DEFAULT_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true");

  /**
   * System property overriding {@link #DEFAULT_OPTIONS} (space-separated JVM flags), e.g. full JIT
   * for benchmarks, where the services' steady-state cost matters more than their start time.
   */
  public static final String OPTIONS_PROPERTY = "chartline.devstack.jvmOptions";

  private final Path watchClasses;
  private final String javaExecutable;

  private ChildJvm(Path watchClasses, String javaExecutable) {
    this.watchClasses = watchClasses;
    this.javaExecutable = javaExecutable;
  }

  /** Copies {@code ParentWatch.class} into {@code runDir/classes}; fails when it cannot. */
  static ChildJvm prepare(Path runDir) throws IOException {
    Path classes = runDir.resolve("classes");
    Path target = classes.resolve(ParentWatch.class.getName().replace('.', '/') + ".class");
    Files.createDirectories(target.getParent());
    try (InputStream in = ParentWatch.class.getResourceAsStream("ParentWatch.class")) {
      if (in == null) {
        throw new IOException("ParentWatch.class not found next to devstack's classes");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ChildJvm(classes, java);
  }

  /**
   * A command line running {@code mainClass} with the classpath of runtime {@code runtime}.
   *
   * @throws IOException when that runtime's classpath is missing or stale
   */
  CommandLine command(String runtime, List<String> systemProperties, String mainClass, List<String> args)
      throws IOException {
    String classpath = watchClasses + java.io.File.pathSeparator + RuntimeClasspath.load(runtime);
    List<String> command = new ArrayList<>();
    command.add(javaExecutable);
    String override = System.getProperty(OPTIONS_PROPERTY);
    command.addAll(override == null || override.isBlank() ? DEFAULT_OPTIONS : List.of(override.trim().split("\\s+")));
    command.addAll(systemProperties);
    command.add(ParentWatch.class.getName());
    command.add(mainClass);
    command.addAll(args);
    // The classpath goes through the environment to keep `ps` readable.
    return new CommandLine(command, Map.of("CLASSPATH", classpath));
  }
}
