package io.chartline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.store.ChunkStore.Passage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A streamed answer is renumbered piece by piece and held back until it cites. */
class StreamedAnswerTest {

  private final List<Passage> given = List.of(AnswerFixtures.passage(0.9, "first"), AnswerFixtures.passage(0.8,
      "second"), AnswerFixtures.passage(0.7, "third"));

  @Test
  void nothingIsSentBeforeTheFirstCitationAndMarkersAreRenumbered() {
    List<String> sent = new ArrayList<>();
    StreamedAnswer answer = new StreamedAnswer(given, piece -> {
      sent.add(piece);
      return Future.succeededFuture();
    });

    answer.text("  Warfarin ");
    answer.text("was started");
    assertThat(sent).isEmpty();
    answer.text("[3] at 5 mg [");
    answer.text("1] daily [9].");
    answer.finish();

    assertThat(sent).containsExactly("Warfarin was started[1] at 5 mg", " [2] daily.");
    assertThat(answer.textSent()).isEqualTo("Warfarin was started[1] at 5 mg [2] daily.");
    assertThat(answer.refs().citations()).extracting(CitationBinder.Citation::passageIndex).containsExactly(2, 0);
    assertThat(answer.refs().dropped()).isEqualTo(1);
  }

  @Test
  void anAnswerThatNeverCitesSendsNothing() {
    List<String> sent = new ArrayList<>();
    StreamedAnswer answer = new StreamedAnswer(given, piece -> {
      sent.add(piece);
      return Future.succeededFuture();
    });

    answer.text("I cannot answer from the documents.");
    answer.text(" [7]");
    answer.finish();

    assertThat(answer.sent()).isFalse();
    assertThat(sent).isEmpty();
  }

  @Test
  void wholeAndPieceByPieceBindingAgree() {
    String text = "A [2] b [1][2] c [12] d [3";
    CitationBinder.Bound whole = CitationBinder.bind(text, given);
    CitationBinder.Refs refs = new CitationBinder.Refs(given);
    StringBuilder pieces = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      pieces.append(refs.bind(text.substring(i, i + 1)));
    }
    pieces.append(refs.finish());

    assertThat(pieces.toString().strip()).isEqualTo(whole.text());
    assertThat(refs.citations()).isEqualTo(whole.citations());
  }
}
