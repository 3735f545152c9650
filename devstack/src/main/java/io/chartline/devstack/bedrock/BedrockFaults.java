package io.chartline.devstack.bedrock;

/**
 * Rates of injected failures, each the probability (0 to 1) that a call which passed validation and
 * the quotas fails in that way. Draws are deterministic: the n-th such call of an endpoint gets the
 * same fault for the same seed ({@link LocalBedrockOptions#seed()}), whatever the timing.
 *
 * @param serviceUnavailable 503 {@code ServiceUnavailableException}
 * @param internalServer     500 {@code InternalServerException}
 * @param modelTimeout       408 {@code ModelTimeoutException}
 * @param modelNotReady      429 {@code ModelNotReadyException}
 * @param hang               no answer until the client gives up ({@link BedrockFault#HANG})
 * @param midStream          ConverseStream only: an error event halfway through the stream
 */
public record BedrockFaults(double serviceUnavailable, double internalServer, double modelTimeout,
                            double modelNotReady, double hang, double midStream) {

  /** Fails with {@link IllegalArgumentException} when a rate is outside [0, 1] or the call rates sum above 1. */
  public BedrockFaults {
    check("serviceUnavailable", serviceUnavailable);
    check("internalServer", internalServer);
    check("modelTimeout", modelTimeout);
    check("modelNotReady", modelNotReady);
    check("hang", hang);
    check("midStream", midStream);
    if (serviceUnavailable + internalServer + modelTimeout + modelNotReady + hang > 1.0 + 1e-9) {
      throw new IllegalArgumentException("fault rates must not add up to more than 1");
    }
  }

  /** No injected failures. */
  public static BedrockFaults none() {
    return new BedrockFaults(0, 0, 0, 0, 0, 0);
  }

  /** These rates with a share of 5xx answers, split evenly between 503 and 500. */
  public BedrockFaults withServerErrors(double rate) {
    return new BedrockFaults(rate / 2, rate / 2, modelTimeout, modelNotReady, hang, midStream);
  }

  /** These rates with {@code rate} of 408 {@code ModelTimeoutException}. */
  public BedrockFaults withModelTimeouts(double rate) {
    return new BedrockFaults(serviceUnavailable, internalServer, rate, modelNotReady, hang, midStream);
  }

  /** These rates with {@code rate} of 429 {@code ModelNotReadyException}. */
  public BedrockFaults withModelNotReady(double rate) {
    return new BedrockFaults(serviceUnavailable, internalServer, modelTimeout, rate, hang, midStream);
  }

  /** These rates with {@code rate} of calls that get no answer. */
  public BedrockFaults withHangs(double rate) {
    return new BedrockFaults(serviceUnavailable, internalServer, modelTimeout, modelNotReady, rate, midStream);
  }

  /** These rates with {@code rate} of ConverseStream calls that fail halfway. */
  public BedrockFaults withMidStreamErrors(double rate) {
    return new BedrockFaults(serviceUnavailable, internalServer, modelTimeout, modelNotReady, hang, rate);
  }

  private static void check(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " rate must be between 0 and 1, not " + rate);
    }
  }
}
