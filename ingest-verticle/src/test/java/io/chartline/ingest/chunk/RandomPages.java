package io.chartline.ingest.chunk;

import java.util.Random;

/** Generates page texts with the shapes real extraction produces: prose, lists, wrapped lines, junk. */
final class RandomPages {

  private static final String[] WORDS = {
    "patient", "denies", "chest", "pain", "dyspnoea", "metformin", "500", "mg", "b.i.d.", "Dr.", "Smith",
    "BP", "120/80", "mmHg", "HbA1c", "7.2%", "follow-up", "x-ray", "négatif", "naïve", "café", "胸痛",
    "😀", "e.g.", "(stable)", "—", "re-evaluate", "q.d.", "troponin", "echocardiogram", "O2", "sat", "98%",
  };
  private static final String[] SEPARATORS = {" ", " ", " ", " ", "  ", "\n", "\t", "\u00A0", " \u200B"};

  private final Random random;

  RandomPages(long seed) {
    this.random = new Random(seed);
  }

  String page() {
    StringBuilder page = new StringBuilder();
    int blocks = random.nextInt(12);
    for (int b = 0; b < blocks; b++) {
      switch (random.nextInt(10)) {
        case 0 -> page.append("\n\n");
        case 1 -> page.append("\n- ").append(sentence(3 + random.nextInt(8))).append('\n');
        case 2 -> page.append("\n# ").append(sentence(2)).append('\n');
        case 3 -> page.append(sentence(200 + random.nextInt(500)));
        case 4 -> page.append(" ").append("!".repeat(300 + random.nextInt(900))).append(' ');
        case 5 -> page.append(" ").append("ab-".repeat(200 + random.nextInt(200))).append(' ');
        case 6 -> page.append("\f   \n");
        default -> {
          int sentences = 1 + random.nextInt(30);
          for (int s = 0; s < sentences; s++) {
            page.append(sentence(2 + random.nextInt(25))).append(random.nextBoolean() ? " " : "\n");
          }
        }
      }
    }
    return page.toString();
  }

  private String sentence(int words) {
    StringBuilder sentence = new StringBuilder();
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        sentence.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
      }
      String word = WORDS[random.nextInt(WORDS.length)];
      sentence.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
    }
    return sentence.append(random.nextInt(5) == 0 ? "?" : ".").toString();
  }
}
