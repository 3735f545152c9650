package io.chartline.bedrock.generate;

import io.chartline.common.generate.Generator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;

/**
 * One ConverseStream call, read one event at a time: the next event is requested only after the
 * sink took the text of the previous one, so a slow client slows the model's stream instead of
 * filling memory. Text deltas become pieces with square brackets made round, citation deltas the
 * markers of the passages they cover (once per content block). Every callback from the SDK is
 * moved onto the caller's context; the stream's state is touched only there.
 */
final class ClaudeStream implements Generator.Streaming, Subscriber<ConverseStreamOutput> {

  /** How the call ended, for the breaker and the meters: null for success. */
  interface Outcome {
    void settled(ClaudeException failure, Generator.Answer answer, Integer inputTokens, Integer outputTokens);
  }

  private final Context context;
  private final int passages;
  private final Generator.Sink sink;
  private final Outcome outcome;
  private final Consumer<Long> firstText;
  private final Promise<Generator.Answer> done = Promise.promise();
  private final StringBuilder text = new StringBuilder();
  private final Set<Integer> markedInBlock = new HashSet<>();
  private final long started = System.nanoTime();
  private volatile Subscription subscription;
  private volatile boolean cancelRequested;
  private CompletableFuture<Void> call;
  private long timer = -1;
  private boolean busy;
  private boolean completeWhenIdle;
  private boolean sentText;
  private boolean refused;
  private Integer inputTokens;
  private Integer outputTokens;

  ClaudeStream(Context context, int passages, Generator.Sink sink, Outcome outcome, Consumer<Long> firstText) {
    this.context = context;
    this.passages = passages;
    this.sink = sink;
    this.outcome = outcome;
    this.firstText = firstText;
  }

  /** Starts the timeout and remembers the call, to cancel it; call on the context. */
  void started(CompletableFuture<Void> call, Duration timeout) {
    this.call = call;
    timer = context.owner().setTimer(timeout.toMillis(), id -> fail(ClaudeException.of(ClaudeException.Kind.TIMEOUT)));
    call.whenComplete((v, err) -> {
      if (err != null) {
        context.runOnContext(x -> fail(ClaudeException.classify(err)));
      }
    });
  }

  @Override
  public Future<Generator.Answer> done() {
    return done.future();
  }

  @Override
  public void cancel() {
    context.runOnContext(v -> fail(ClaudeException.of(ClaudeException.Kind.CANCELLED)));
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    if (cancelRequested) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(ConverseStreamOutput event) {
    context.runOnContext(v -> handle(event));
  }

  @Override
  public void onError(Throwable t) {
    context.runOnContext(v -> fail(ClaudeException.classify(t)));
  }

  @Override
  public void onComplete() {
    context.runOnContext(v -> {
      if (busy) {
        completeWhenIdle = true;
      } else {
        succeed();
      }
    });
  }

  private void handle(ConverseStreamOutput event) {
    if (done.future().isComplete()) {
      return;
    }
    String piece = piece(event);
    if (piece.isEmpty()) {
      next();
      return;
    }
    text.append(piece);
    if (!sentText) {
      sentText = true;
      firstText.accept(System.nanoTime() - started);
    }
    busy = true;
    Future<Void> taken;
    try {
      taken = sink.text(piece);
    } catch (RuntimeException e) {
      taken = Future.failedFuture(e);
    }
    taken.onComplete(ar -> {
      busy = false;
      if (ar.failed()) {
        fail(ClaudeException.of(ClaudeException.Kind.CANCELLED));
      } else if (completeWhenIdle) {
        succeed();
      } else {
        next();
      }
    });
  }

  private String piece(ConverseStreamOutput event) {
    if (event instanceof ContentBlockDeltaEvent delta && delta.delta() != null) {
      if (delta.delta().text() != null) {
        return ClaudeAnswers.modelText(delta.delta().text());
      }
      if (delta.delta().citation() != null) {
        Set<Integer> cited = ClaudeAnswers.chunks(delta.delta().citation().location(), passages);
        cited.removeAll(markedInBlock);
        markedInBlock.addAll(cited);
        return ClaudeAnswers.markers(cited);
      }
    } else if (event instanceof ContentBlockStopEvent) {
      markedInBlock.clear();
    } else if (event instanceof MessageStopEvent stop) {
      refused = ClaudeAnswers.refusal(stop.stopReason());
    } else if (event instanceof ConverseStreamMetadataEvent meta && meta.usage() != null) {
      inputTokens = meta.usage().inputTokens();
      outputTokens = meta.usage().outputTokens();
    }
    return "";
  }

  private void next() {
    Subscription s = subscription;
    if (s != null && !done.future().isComplete()) {
      s.request(1);
    }
  }

  private void succeed() {
    if (done.future().isComplete()) {
      return;
    }
    stopTimer();
    Generator.Answer answer = new Generator.Answer(text.toString(), refused);
    outcome.settled(null, answer, inputTokens, outputTokens);
    done.complete(answer);
  }

  private void fail(ClaudeException e) {
    if (done.future().isComplete()) {
      return;
    }
    stopTimer();
    cancelRequested = true;
    Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    if (call != null) {
      call.cancel(true);
    }
    outcome.settled(e, null, inputTokens, outputTokens);
    done.fail(e);
  }

  private void stopTimer() {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
  }
}
