package io.chartline.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  @Test
  void splitsProseIntoTrimmedSentences() {
    assertThat(sentences("  Pain began today.  It is worse at night. Rest helps!  "))
        .containsExactly("Pain began today.", "It is worse at night.", "Rest helps!");
  }

  @Test
  void keepsTitlesAndDosingAbbreviationsInsideTheSentence() {
    assertThat(sentences("Seen by Dr. Smith and Mrs. J. Doe today. Takes metformin 500 mg b.i.d. with meals. Next visit soon."))
        .containsExactly("Seen by Dr. Smith and Mrs. J. Doe today.", "Takes metformin 500 mg b.i.d. with meals.", "Next visit soon.");
  }

  @Test
  void aSingleLineBreakInsideASentenceDoesNotEndIt() {
    assertThat(sentences("The patient was admitted\nfor observation overnight. Discharged.")).containsExactly(
        "The patient was admitted\nfor observation overnight.", "Discharged.");
  }

  @Test
  void blankLinesListItemsHeadingsAndSectionLabelsEndSentences() {
    String page = "Medications\n- aspirin 81 mg\n- atorvastatin 40 mg\n1. follow up\n2) labs\n\nno period here\n\n"
        + "# Plan\nreturn in a week\nASSESSMENT: stable";

    assertThat(sentences(page)).containsExactly("Medications", "- aspirin 81 mg", "- atorvastatin 40 mg", "1. follow up",
        "2) labs", "no period here", "# Plan", "return in a week", "ASSESSMENT: stable");
  }

  @Test
  void blankTextHasNoSentences() {
    assertThat(SentenceSplitter.split(" \n\n \t")).isEmpty();
    assertThat(SentenceSplitter.split("")).isEmpty();
  }

  private static List<String> sentences(String page) {
    return SentenceSplitter.split(page).stream().map(p -> page.substring(p.start(), p.end())).toList();
  }
}
