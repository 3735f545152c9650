package io.chartline.common.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sequencers of one key compare after right-padding the shorter with zeros, as S3 documents. */
class SequencersTest {

  @Test
  void theShorterIsPaddedOnTheRightBeforeComparing() {
    assertThat(Sequencers.compare("0055AED6DCD90281E5", "0055AED6DCD90281E6")).isNegative();
    assertThat(Sequencers.compare("0055AED6DCD9028", "0055AED6DCD90281E5")).isNegative();
    assertThat(Sequencers.compare("0055AED6DCD90290", "0055AED6DCD90281E5")).isPositive();
    assertThat(Sequencers.compare("00AB", "00AB0000")).isZero();
    assertThat(Sequencers.compare("00ab", "00AB")).isZero();
    // a plain string comparison would call the shorter one older
    assertThat(Sequencers.compare("0F", "0F0")).isZero();
  }

  @Test
  void anEventWithoutASequencerIsOlderThanOneWithIt() {
    assertThat(Sequencers.compare(null, "00")).isNegative();
    assertThat(Sequencers.compare("00", null)).isPositive();
    assertThat(Sequencers.compare(null, null)).isZero();
  }
}
