package io.chartline.devtools.it;

import java.util.Random;

/** Synthetic clinical prose of a chosen length (no real patient data). */
final class Texts {

  private static final String[] FINDINGS = {"blood pressure was 132 over 84", "heart rate was regular at 76",
      "lungs were clear to auscultation", "abdomen was soft and non-tender", "no peripheral oedema was noted",
      "haemoglobin was 12.9 grams per decilitre", "creatinine was stable at 88 micromoles per litre",
      "the wound was clean and dry", "pain was controlled with oral paracetamol", "mobility improved daily"};
  private static final String[] PLANS = {"continue current medications", "repeat blood tests in one week",
      "review in the outpatient clinic", "physiotherapy twice weekly", "dietitian referral was made",
      "encourage oral fluids", "stop the intravenous antibiotics", "monitor blood glucose before meals"};

  private Texts() {
  }

  static String note(int seed, int sentences) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("Progress note number ").append(seed).append(". ");
    for (int i = 0; i < sentences; i++) {
      sb.append("On day ").append(i + 1).append(" the ").append(FINDINGS[r.nextInt(FINDINGS.length)])
          .append(" and the plan was to ").append(PLANS[r.nextInt(PLANS.length)]).append(". ");
      if (i % 7 == 6) {
        sb.append("\n\n");
      }
    }
    return sb.toString();
  }
}
