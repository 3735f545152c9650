package io.chartline.bedrock.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.generate.Generator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.Citation;
import software.amazon.awssdk.services.bedrockruntime.model.CitationGeneratedContent;
import software.amazon.awssdk.services.bedrockruntime.model.CitationLocation;
import software.amazon.awssdk.services.bedrockruntime.model.CitationsContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentChunkLocation;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** Claude's output turned into the citation contract: markers only from native citations. */
class ClaudeAnswersTest {

  private static CitationLocation chunk(Integer doc, int start, Integer end) {
    return CitationLocation.fromDocumentChunk(DocumentChunkLocation.builder().documentIndex(doc).start(start).end(end)
        .build());
  }

  private static ContentBlock cited(String text, CitationLocation... locations) {
    Citation[] cs = new Citation[locations.length];
    for (int i = 0; i < locations.length; i++) {
      cs[i] = Citation.builder().location(locations[i]).build();
    }
    return ContentBlock.fromCitationsContent(CitationsContentBlock.builder()
        .content(CitationGeneratedContent.fromText(text)).citations(cs).build());
  }

  private static ConverseResponse response(StopReason stop, ContentBlock... blocks) {
    return ConverseResponse.builder().stopReason(stop).output(ConverseOutput.fromMessage(
        Message.builder().role(ConversationRole.ASSISTANT).content(blocks).build())).build();
  }

  @Test
  void citationsBecomeMarkersOfThePassagesTheirChunksCover() {
    Generator.Answer a = ClaudeAnswers.of(response(StopReason.END_TURN, ContentBlock.fromText("Per the notes, "),
        cited("warfarin was started", chunk(0, 1, 2)), ContentBlock.fromText(" and "),
        cited("the INR target is 2-3.", chunk(0, 0, 1), chunk(0, 2, 4))), 4);

    assertThat(a.refused()).isFalse();
    assertThat(a.text()).isEqualTo("Per the notes, warfarin was started[2] and the INR target is 2-3.[1][3][4]");
  }

  @Test
  void theModelsOwnBracketsCannotPassForMarkers() {
    Generator.Answer a = ClaudeAnswers.of(response(StopReason.END_TURN,
        ContentBlock.fromText("See [1] and [2]: "), cited("dose [3] mg", chunk(0, 0, 1))), 2);

    assertThat(a.text()).isEqualTo("See (1) and (2): dose (3) mg[1]");
  }

  @Test
  void citationsOutsideThePassagesOrOfAnotherDocumentAreDropped() {
    Generator.Answer a = ClaudeAnswers.of(response(StopReason.END_TURN,
        cited("a", chunk(1, 0, 1)), cited("b", chunk(0, 7, 8)), cited("c", chunk(0, 1, null)),
        cited("d", CitationLocation.fromDocumentChunk(DocumentChunkLocation.builder().build()))), 2);

    assertThat(a.text()).isEqualTo("abc[2]d");
  }

  @Test
  void aGuardrailOrContentFilterIsARefusal() {
    assertThat(ClaudeAnswers.of(response(StopReason.GUARDRAIL_INTERVENED, ContentBlock.fromText("blocked")), 1)
        .refused()).isTrue();
    assertThat(ClaudeAnswers.of(response(StopReason.CONTENT_FILTERED, ContentBlock.fromText("x")), 1).refused())
        .isTrue();
  }

  @Test
  void aResponseWithoutAMessageIsMalformed() {
    assertThatThrownBy(() -> ClaudeAnswers.of(ConverseResponse.builder().stopReason(StopReason.END_TURN).build(), 1))
        .isInstanceOf(ClaudeException.class)
        .satisfies(e -> assertThat(((ClaudeException) e).kind()).isEqualTo(ClaudeException.Kind.MALFORMED));
  }

  @Test
  void sdkFailuresKeepOnlyTheirClassNameAndAStableCode() {
    ClaudeException e = ClaudeException.classify(new java.util.concurrent.CompletionException(
        software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException.builder()
            .message("Too many tokens: patient Jane Doe").build()));

    assertThat(e.kind()).isEqualTo(ClaudeException.Kind.THROTTLED);
    assertThat(e.getMessage()).doesNotContain("Jane");
    assertThat(e.getCause()).isNull();
    assertThat(e.causeType()).isEqualTo("ThrottlingException");
    assertThat(ClaudeException.classify(
        software.amazon.awssdk.services.bedrockruntime.model.ValidationException.builder().build()).kind()
        .countsAsFailure).isFalse();
  }
}
