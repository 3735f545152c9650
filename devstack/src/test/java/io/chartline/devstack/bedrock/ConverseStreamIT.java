package io.chartline.devstack.bedrock;

import static io.chartline.devstack.bedrock.Conversations.CLAUDE;
import static io.chartline.devstack.bedrock.Conversations.ask;
import static io.chartline.devstack.bedrock.Conversations.cited;
import static io.chartline.devstack.bedrock.Conversations.text;
import static io.chartline.devstack.bedrock.Conversations.textDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.Citation;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** ConverseStream on {@link LocalBedrock} through the real async client and a real response handler. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConverseStreamIT {

  private static final String QUESTION = "Which anticoagulant was started, and at what dose?";

  private static LocalBedrock bedrock;
  private static BedrockRuntimeAsyncClient async;
  private static BedrockRuntimeClient sync;

  @BeforeAll
  static void start() throws Exception {
    bedrock = LocalBedrock.start();
    async = BedrockClients.async(bedrock);
    sync = BedrockClients.sync(bedrock);
  }

  @AfterAll
  static void stop() {
    async.close();
    sync.close();
    bedrock.close();
  }

  @AfterEach
  void calm() {
    bedrock.clearInjected();
    bedrock.setStreamInterval(Duration.ZERO);
  }

  @Test
  void eventsArriveInOrderAndTheDeltasAreTheConverseAnswer() {
    ConverseResponse whole = sync.converse(b -> b.modelId(CLAUDE).messages(ask(QUESTION,
        textDocument("passage 1", ConverseIT.ALLERGIES), textDocument("passage 2", ConverseIT.CARDIOLOGY))));
    List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();

    stream(events).join();

    List<ConverseStreamOutput.EventType> types = events.stream().map(ConverseStreamOutput::sdkEventType).toList();
    assertThat(types.get(0)).isEqualTo(ConverseStreamOutput.EventType.MESSAGE_START);
    assertThat(types.subList(types.size() - 2, types.size())).containsExactly(
        ConverseStreamOutput.EventType.MESSAGE_STOP, ConverseStreamOutput.EventType.METADATA);
    StringBuilder deltas = new StringBuilder();
    List<Citation> citations = new ArrayList<>();
    int block = 0;
    for (ConverseStreamOutput event : events) {
      if (event instanceof ContentBlockDeltaEvent delta) {
        assertThat(delta.contentBlockIndex()).as("deltas arrive block by block").isGreaterThanOrEqualTo(block);
        block = delta.contentBlockIndex();
        if (delta.delta().text() != null) {
          deltas.append(delta.delta().text());
        }
        if (delta.delta().citation() != null) {
          var c = delta.delta().citation();
          citations.add(Citation.builder().title(c.title()).location(c.location())
              .sourceContent(s -> s.text(c.sourceContent().get(0).text())).build());
        }
      }
    }
    assertThat(deltas.toString()).isEqualTo(text(whole));
    assertThat(citations).isEqualTo(cited(whole).stream().map(b -> b.citationsContent().citations().get(0)).toList());
    assertThat(((MessageStopEvent) events.get(events.size() - 2)).stopReason()).isEqualTo(StopReason.END_TURN);
    ConverseStreamMetadataEvent metadata = (ConverseStreamMetadataEvent) events.get(events.size() - 1);
    assertThat(metadata.usage()).isEqualTo(whole.usage());
    assertThat(metadata.metrics().latencyMs()).isNotNull();
  }

  @Test
  void aMidStreamFaultSurfacesAsAnErrorOnTheStream() {
    bedrock.injectNext(BedrockOperation.CONVERSE_STREAM, BedrockFault.MID_STREAM_ERROR, 1);
    List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();

    CompletableFuture<Void> done = async.converseStream(b -> b.modelId(CLAUDE).messages(ask(QUESTION,
        textDocument("passage 1", ConverseIT.CARDIOLOGY))), ConverseStreamResponseHandler.builder()
        .subscriber(events::add).onError(errors::add).build());

    assertThatThrownBy(done::join).isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(ModelStreamErrorException.class);
    assertThat(errors).as("the handler's onError saw it (the SDK reports it once more, wrapped)").isNotEmpty()
        .first().isInstanceOf(ModelStreamErrorException.class);
    assertThat(events).as("the stream had started").isNotEmpty()
        .noneMatch(e -> e.sdkEventType() == ConverseStreamOutput.EventType.MESSAGE_STOP);
    assertThat(bedrock.stats().faults(BedrockFault.MID_STREAM_ERROR)).isPositive();
  }

  @Test
  void aFaultBeforeTheStreamIsTheSdksException() {
    bedrock.injectNext(BedrockOperation.CONVERSE_STREAM, BedrockFault.THROTTLING, 1);

    assertThatThrownBy(() -> stream(new ArrayList<>()).join()).cause().isInstanceOf(ThrottlingException.class);
  }

  @Test
  void aClientThatCancelsEndsTheModelCall() {
    bedrock.setStreamInterval(Duration.ofMillis(200));
    long cancelledBefore = bedrock.stats().cancelledStreams();
    long succeededBefore = bedrock.stats().succeeded();
    List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
    Subscriber<ConverseStreamOutput> cancelAfterFirst = new Subscriber<>() {
      private Subscription subscription;

      @Override
      public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(1);
      }

      @Override
      public void onNext(ConverseStreamOutput event) {
        events.add(event);
        subscription.cancel();
      }

      @Override
      public void onError(Throwable t) {
      }

      @Override
      public void onComplete() {
      }
    };

    CompletableFuture<Void> done = async.converseStream(b -> b.modelId(CLAUDE).messages(ask(QUESTION,
        textDocument("passage 1", ConverseIT.CARDIOLOGY))), ConverseStreamResponseHandler.builder()
        .subscriber(() -> cancelAfterFirst).build());

    awaitTrue(() -> bedrock.stats().cancelledStreams() > cancelledBefore, "the endpoint saw the stream cancelled");
    done.handle((ok, error) -> null).join();
    assertThat(events).hasSize(1);
    assertThat(bedrock.stats().succeeded()).as("the stream never ran to its end").isEqualTo(succeededBefore);
  }

  private static CompletableFuture<Void> stream(List<ConverseStreamOutput> events) {
    return async.converseStream(b -> b.modelId(CLAUDE).messages(ask(QUESTION,
        textDocument("passage 1", ConverseIT.ALLERGIES), textDocument("passage 2", ConverseIT.CARDIOLOGY))),
        ConverseStreamResponseHandler.builder().subscriber(events::add).build());
  }

  /** Polls a condition that another thread makes true, failing after ten seconds. */
  static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
