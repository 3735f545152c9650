package io.chartline.launcher;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Module boundaries of the main code (STYLE.md "Shape"): verticle modules depend only on
 * {@code common}, nobody uses Vert.x internals, and {@code common} depends on no verticle or the
 * launcher. The launcher's test classpath holds every module, so one import sees all of them.
 */
@AnalyzeClasses(packages = "io.chartline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  static final String COMMON = "io.chartline.common..";
  static final String[] VERTICLES = {"io.chartline.api..", "io.chartline.ingest..", "io.chartline.embed..",
      "io.chartline.query..", "io.chartline.audit.."};

  /** Classes of {@code verticle} may use, among Chartline classes, only their own package and common. */
  static ArchRule onlyCommon(String verticle) {
    return noClasses().that().resideInAPackage(verticle)
        .should().dependOnClassesThat(resideInAPackage("io.chartline..").and(not(resideInAnyPackage(verticle, COMMON))))
        .because("verticle modules depend on common, never on each other (STYLE.md: ports in common)");
  }

  /** The import saw every module, so the rules below cannot pass on an empty class set. */
  @ArchTest
  static void importsTheMainClassesOfEveryModule(JavaClasses classes) {
    Set<String> packages = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    for (String p : new String[] {"io.chartline.common.events", "io.chartline.api", "io.chartline.ingest",
        "io.chartline.embed", "io.chartline.query", "io.chartline.audit", "io.chartline.launcher",
        "io.chartline.onnx", "io.chartline.bedrock.embed", "io.chartline.bedrock.generate",
        "io.chartline.s3", "io.chartline.esdk", "io.chartline.jwt", "io.chartline.pg", "io.chartline.sqs"}) {
      assertThat(packages).as("imported packages").contains(p);
    }
    assertThat(classes.stream().map(JavaClass::getSimpleName)).as("test classes are excluded")
        .doesNotContain("ArchitectureTest", "OffsetTrackerTest");
  }

  /** api depends on no other verticle (nor launcher, devstack, bench). */
  @ArchTest
  static final ArchRule apiDependsOnlyOnCommon = onlyCommon("io.chartline.api..");

  /** ingest depends on no other verticle. */
  @ArchTest
  static final ArchRule ingestDependsOnlyOnCommon = onlyCommon("io.chartline.ingest..");

  /** embed depends on no other verticle. */
  @ArchTest
  static final ArchRule embedDependsOnlyOnCommon = onlyCommon("io.chartline.embed..");

  /** query depends on no other verticle. */
  @ArchTest
  static final ArchRule queryDependsOnlyOnCommon = onlyCommon("io.chartline.query..");

  /** audit depends on no other verticle. */
  @ArchTest
  static final ArchRule auditDependsOnlyOnCommon = onlyCommon("io.chartline.audit..");

  /** No main class uses Vert.x internals ({@code io.vertx.core.internal}, {@code io.vertx.core.impl}). */
  @ArchTest
  static final ArchRule noVertxInternals = noClasses().that().resideInAPackage("io.chartline..")
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core.internal..", "io.vertx.core.impl..")
      .because("internals change without notice between Vert.x releases (STYLE.md: habits to avoid)");

  /** common depends on no verticle module and not on the launcher. */
  @ArchTest
  static final ArchRule commonDependsOnNoVerticleOrLauncher = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAnyPackage("io.chartline.api..", "io.chartline.ingest..",
          "io.chartline.embed..", "io.chartline.query..", "io.chartline.audit..", "io.chartline.launcher..")
      .because("common holds the ports and contracts every module builds on");

  /** Adapter modules under {@code adapters/}: one package each, named for the library it adapts. */
  static final String[] ADAPTERS = {"io.chartline.onnx..", "io.chartline.bedrock.embed..",
      "io.chartline.bedrock.generate..", "io.chartline.s3..", "io.chartline.esdk..", "io.chartline.jwt..",
      "io.chartline.pg..", "io.chartline.sqs.."};

  /** Role modules hold ports only: no role names an adapter; the launcher's {@code Adapters} chooses them. */
  @ArchTest
  static final ArchRule rolesDependOnNoAdapter = noClasses().that().resideInAnyPackage(VERTICLES)
      .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
      .because("roles depend on ports in common; the launcher picks adapters from configuration");

  /**
   * Roles speak to the database through the kernel's store ports only: no SQL client, no driver,
   * no statement in a role module (the PostgreSQL adapter holds them all).
   */
  @ArchTest
  static final ArchRule rolesIssueNoSql = noClasses().that().resideInAnyPackage(VERTICLES)
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..")
      .because("a role names ports (DocumentStore, KeyRotationStore, …); the pg adapter implements them");

  /** The kernel names no database driver: its one SQL type is the driver-neutral failure it describes by SQLSTATE. */
  @ArchTest
  static final ArchRule commonNamesNoDriver = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAnyPackage("io.vertx.pgclient..")
      .because("PostgreSQL is an adapter");

  /** common (the kernel) depends on no adapter. */
  @ArchTest
  static final ArchRule commonDependsOnNoAdapter = noClasses().that().resideInAPackage(COMMON)
      .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
      .because("adapters implement the kernel's ports, never the other way round");

  /**
   * What configuration code may name of an adapter: its settings ({@code …Settings}, {@code …Config}
   * or {@code …Policy} records and their nested records) and its interfaces (such as where token
   * keys come from), never an implementation class.
   */
  static final DescribedPredicate<JavaClass> ADAPTER_SETTINGS = DescribedPredicate.describe(
      "an adapter's settings or interfaces",
      c -> c.isInterface() || c.getName().replaceAll("\\$.*", "").matches(".*(Settings|Config|Policy)"));

  /**
   * Inside the launcher only {@code Adapters} names an adapter's classes; configuration code may name
   * an adapter's settings records (the values it is built from) and interfaces, nothing else of it.
   */
  @ArchTest
  static final ArchRule onlyTheFactoryBuildsAdapters = noClasses().that().resideInAPackage("io.chartline.launcher..")
      .and().doNotHaveSimpleName("Adapters")
      .should().dependOnClassesThat(resideInAnyPackage(ADAPTERS).and(not(ADAPTER_SETTINGS)))
      .because("one factory chooses the adapters (no instanceof, no fields typed to an implementation)");

  /** Adapter modules depend on the kernel and their own library, never on another adapter. */
  @ArchTest
  static void adaptersDependOnNoOtherAdapter(JavaClasses classes) {
    for (String adapter : ADAPTERS) {
      String[] others = java.util.Arrays.stream(ADAPTERS).filter(a -> !a.equals(adapter)).toArray(String[]::new);
      noClasses().that().resideInAPackage(adapter).should().dependOnClassesThat().resideInAnyPackage(others)
          .because("each adapter stands alone; the launcher composes them").check(classes);
    }
  }

  /** No package cycles anywhere in the main code, inside a module or across modules. */
  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("io.chartline.(**)").should().beFreeOfCycles()
      .because("a cycle makes two packages one unit that can only change together (STYLE.md: Shape)");
}
