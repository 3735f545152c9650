package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.devstack.bedrock.LocalBedrockOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevStackOptionsTest {

  @Test
  void testOptionsUseAFreshThrowAwayDirectoryWithSqsKmsAndBedrock() {
    DevStackOptions a = DevStackOptions.forTests();
    DevStackOptions b = DevStackOptions.forTests();

    assertThat(a.stateDir()).startsWithRaw(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    assertThat(a.stateDir()).isNotEqualTo(b.stateDir());
    assertThat(a.persistent()).isFalse();
    assertThat(a.postgres() && a.kafka() && a.s3()).isTrue();
    assertThat(a.sqs()).as("the intake queues").isTrue();
    assertThat(a.kms()).isTrue();
    assertThat(a.bedrock()).as("fast mode, no quotas").isEqualTo(LocalBedrockOptions.defaults());
  }

  @Test
  void devOptionsKeepStateInTheGivenDirectory() {
    DevStackOptions dev = DevStackOptions.dev(Path.of("relative/state"));

    assertThat(dev.stateDir()).isAbsolute().endsWithRaw(Path.of("relative/state"));
    assertThat(dev.persistent()).isTrue();
    assertThat(dev.postgres() && dev.kafka() && dev.s3()).isTrue();
    assertThat(dev.sqs()).as("the intake queue").isTrue();
    assertThat(dev.kms()).as("dev mode uses the local keyring").isFalse();
    assertThat(dev.withKms(true).kms()).isTrue();
    assertThat(dev.withKms(true).withKms(false)).isEqualTo(dev);
    assertThat(dev.bedrock()).as("dev mode embeds and answers locally").isNull();
    assertThat(dev.withBedrock(LocalBedrockOptions.defaults()).bedrock()).isNotNull();
  }

  @Test
  void shorterConstructorsLeaveKmsAndBedrockOff() {
    assertThat(new DevStackOptions(Path.of("s"), false, true, true, true, true).kms()).isFalse();
    assertThat(new DevStackOptions(Path.of("s"), false, true, true, true, true).bedrock()).isNull();
    assertThat(new DevStackOptions(Path.of("s"), false, true, true, true, true, true).bedrock()).isNull();
  }
}
