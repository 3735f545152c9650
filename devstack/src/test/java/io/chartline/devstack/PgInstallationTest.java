package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgInstallationTest {

  @TempDir
  Path root;

  @Test
  void picksTheNewestMajorVersionNumericallyNotAlphabetically() throws Exception {
    fakeServer("9");
    fakeServer("15");
    fakeServer("16");
    Files.createDirectories(root.resolve("17/bin")); // no server binary: client tools only

    assertThat(PgInstallation.newestUnder(root)).contains(root.resolve("16/bin"));
  }

  @Test
  void findsNothingInAnEmptyDirectory() {
    assertThat(PgInstallation.newestUnder(root)).isEmpty();
    assertThat(PgInstallation.newestUnder(root.resolve("missing"))).isEmpty();
  }

  private void fakeServer(String major) throws Exception {
    Path bin = Files.createDirectories(root.resolve(major).resolve("bin"));
    Path postgres = Files.createFile(bin.resolve("postgres"));
    Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
