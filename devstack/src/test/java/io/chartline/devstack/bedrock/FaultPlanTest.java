package io.chartline.devstack.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault draws: scripted first, then rates, the same for the same seed. */
class FaultPlanTest {

  private static final BedrockFaults RATES = BedrockFaults.none().withServerErrors(0.1).withModelNotReady(0.05)
      .withMidStreamErrors(0.2);

  @Test
  void theSameSeedDrawsTheSameFaultsAndAnotherSeedOthers() {
    List<BedrockFault> first = draws(new FaultPlan(7), BedrockOperation.INVOKE_MODEL, 500);
    List<BedrockFault> again = draws(new FaultPlan(7), BedrockOperation.INVOKE_MODEL, 500);
    List<BedrockFault> other = draws(new FaultPlan(8), BedrockOperation.INVOKE_MODEL, 500);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void ratesAreMetAndMidStreamFaultsStrikeStreamsOnly() {
    List<BedrockFault> calls = draws(new FaultPlan(7), BedrockOperation.CONVERSE, 4000);
    List<BedrockFault> streams = draws(new FaultPlan(7), BedrockOperation.CONVERSE_STREAM, 4000);

    long serverErrors = calls.stream().filter(f -> f == BedrockFault.SERVICE_UNAVAILABLE
        || f == BedrockFault.INTERNAL_SERVER).count();
    assertThat(serverErrors).isBetween(320L, 480L);
    assertThat(calls).filteredOn(f -> f == BedrockFault.MODEL_NOT_READY).hasSizeBetween(140, 260);
    assertThat(calls).doesNotContain(BedrockFault.MID_STREAM_ERROR);
    assertThat(streams).filteredOn(f -> f == BedrockFault.MID_STREAM_ERROR).hasSizeBetween(500, 780);
  }

  @Test
  void scriptedFaultsComeFirstInOrderForTheirOperationOnly() {
    FaultPlan plan = new FaultPlan(7);
    plan.script(BedrockOperation.CONVERSE, BedrockFault.ACCESS_DENIED, 1);
    plan.script(BedrockOperation.CONVERSE, BedrockFault.HANG, 2);

    assertThat(plan.next(BedrockOperation.INVOKE_MODEL, BedrockFaults.none())).isNull();
    assertThat(draws(plan, BedrockOperation.CONVERSE, 4)).containsExactly(BedrockFault.ACCESS_DENIED,
        BedrockFault.HANG, BedrockFault.HANG, null);
    assertThatThrownBy(() -> plan.script(BedrockOperation.CONVERSE, BedrockFault.MID_STREAM_ERROR, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ratesThatAddUpToMoreThanOneAreRefused() {
    assertThatThrownBy(() -> BedrockFaults.none().withServerErrors(0.8).withModelTimeouts(0.3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<BedrockFault> draws(FaultPlan plan, BedrockOperation operation, int count) {
    List<BedrockFault> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(plan.next(operation, RATES));
    }
    return out;
  }
}
