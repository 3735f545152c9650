package io.chartline.bench;

/**
 * Runs warm-up rounds until this JVM's JIT compiler is quiet. A node runs for days, and this
 * application keeps the compiler busy for minutes of load (on 2 cores it competes with the work
 * being measured), so benchmarks measure after a round in which compilation took under a given
 * share of the round's wall time.
 */
final class WarmUp {

  /** One round of load; its index lets callers vary it. */
  @FunctionalInterface
  interface Round {
    void run(int index) throws Exception;
  }

  /** How many rounds ran and the compiler's share of the last one's wall time. */
  record Result(int rounds, double lastCompilingShare) {
  }

  private WarmUp() {
  }

  /** Runs {@code round} until compilation takes at most {@code maxShare} of one, at most {@code maxRounds} times. */
  static Result untilCompilerQuiet(Round round, double maxShare, int maxRounds) throws Exception {
    int rounds = 0;
    double share;
    do {
      long jit0 = CpuAccount.compilationMillis();
      long wall0 = System.nanoTime();
      round.run(rounds);
      share = (CpuAccount.compilationMillis() - jit0) * 1e6 / Math.max(1, System.nanoTime() - wall0);
      rounds++;
    } while (share > maxShare && rounds < maxRounds);
    return new Result(rounds, share);
  }
}
