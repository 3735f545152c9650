package io.chartline.devstack.bedrock;

import java.util.List;
import java.util.Objects;

/** Real embeddings: the model's vector of a text, projected to the requested Titan dimension. */
final class ProjectedVectors implements TitanVectors {

  private final TextVectors model;
  private final SeededProjection projection;

  ProjectedVectors(TextVectors model, long seed) {
    this.model = Objects.requireNonNull(model, "model");
    this.projection = new SeededProjection(model.dimension(), seed);
  }

  @Override
  public float[] embed(String text, int dimension, boolean normalize) {
    List<float[]> vectors = model.vectors(List.of(text));
    if (vectors == null || vectors.size() != 1 || vectors.get(0) == null) {
      throw new IllegalStateException("model returned no vector for the text");
    }
    float[] projected = projection.project(vectors.get(0), dimension);
    return normalize ? TitanVectors.normalize(projected) : projected;
  }

  @Override
  public String mode() {
    return "projected";
  }

  @Override
  public boolean blocking() {
    return true;
  }
}
