package io.chartline.launcher;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waits for futures from a command's main or shutdown thread (never from an event loop). */
public final class Await {

  private static final Logger LOG = LoggerFactory.getLogger(Await.class);

  private Await() {
  }

  /** @return the result of {@code f}, waiting at most five minutes; its failure is rethrown as it was */
  public static <T> T join(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES); // blocking-ok: main thread
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  /** Waits up to 30 s for {@code f} (a shutdown step); a failure or timeout is logged, not thrown. */
  public static void quietly(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // blocking-ok: shutdown thread
    } catch (Exception e) {
      LOG.warn("shutdown incomplete [error: {}]", e.toString());
    }
  }
}
