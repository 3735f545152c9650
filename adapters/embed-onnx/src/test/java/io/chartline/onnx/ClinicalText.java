package io.chartline.onnx;

/** Invented clinical prose for embedding tests; no real patient data. */
final class ClinicalText {

  private ClinicalText() {}

  /** About 420 tokens: a cardiology history first, then an unrelated orthopaedic and social part. */
  static String longNote() {
    return "HISTORY OF PRESENT ILLNESS: The patient is a 64-year-old man with hypertension and "
        + "hyperlipidaemia who presents with three days of intermittent substernal chest pressure. The "
        + "discomfort radiates to the left arm and jaw, begins with exertion such as climbing stairs, "
        + "and settles after about ten minutes of rest. He reports associated shortness of breath and "
        + "diaphoresis but no syncope. An electrocardiogram in the emergency department showed 1 mm "
        + "ST depression in leads V4 to V6, and the first troponin was mildly raised. He was given "
        + "aspirin 300 mg, started on a heparin infusion and admitted to the coronary care unit for "
        + "further risk stratification and probable coronary angiography in the morning. "
        + "His home medicines are amlodipine 5 mg daily, atorvastatin 40 mg nightly and metformin "
        + "500 mg twice daily. "
        + "SOCIAL AND ORTHOPAEDIC HISTORY: Two years ago he slipped on ice while skiing in the "
        + "mountains and sustained a displaced fracture of the right tibial plateau, treated with open "
        + "reduction and internal fixation using a lateral locking plate. Rehabilitation was slow; he "
        + "walked with crutches for four months and still notices knee stiffness on cold mornings. "
        + "He works as a carpenter, building kitchen cabinets and wooden furniture, lives with his "
        + "wife and two dogs on a farm, grows tomatoes and potatoes, and keeps bees for honey. He "
        + "plays the violin in a local folk band on weekends and enjoys fishing for trout in the river "
        + "behind the house. He drinks two glasses of red wine at dinner, smoked a pipe for twenty "
        + "years and stopped a decade ago. He has travelled widely, most recently to Portugal and "
        + "Morocco, and is planning a sailing trip along the Norwegian coast next summer with his "
        + "brother, who is an experienced sailor. His daughter is a veterinarian and his son studies "
        + "architecture at university. Vaccinations are up to date, including influenza and "
        + "pneumococcal vaccines, and there is no history of tuberculosis exposure or recent illness "
        + "in household contacts. He uses reading glasses, has mild hearing loss in the left ear from "
        + "years of power tools, and sleeps about seven hours a night without snoring.";
  }

  /** @return the longest whitespace-bounded prefix of {@code text} costing at most {@code tokens} tokens. */
  static String prefixWithTokens(WordPieceTokenizer tokenizer, String text, int tokens) {
    int end = 0;
    for (int next = text.indexOf(' ', end + 1); next > 0; next = text.indexOf(' ', next + 1)) {
      if (tokenizer.countTokens(text.substring(0, next)) > tokens) {
        break;
      }
      end = next;
    }
    return text.substring(0, end);
  }
}
