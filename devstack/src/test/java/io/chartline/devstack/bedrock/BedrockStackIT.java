package io.chartline.devstack.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.devstack.DevStack;
import io.chartline.devstack.DevStackOptions;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** A {@link DevStack} that runs only Bedrock: started with the stack, in the stack's region, stopped with it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BedrockStackIT {

  @Test
  void theStacksBedrockServesTitanUntilTheStackCloses() throws Exception {
    DevStack stack = DevStack.start(new DevStackOptions(Files.createTempDirectory("chartline-bedrock-it"), false,
        false, false, false, false, false, LocalBedrockOptions.defaults().withRegion("eu-west-1")));
    LocalBedrock bedrock = stack.bedrock();
    try (BedrockRuntimeClient client = BedrockClients.sync(bedrock)) {
      assertThat(bedrock.region()).as("the stack's region").isEqualTo("us-east-1");
      assertThat(stack.kms()).isNull();
      String body = client.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2)
          .body(BedrockClients.titanBody("Heart rate 72.", 256, true))).body().asUtf8String();
      assertThat(BedrockClients.JSON.readTree(body).get("embedding")).hasSize(256);

      stack.close();

      assertThatThrownBy(() -> client.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2)
          .body(BedrockClients.titanBody("x", 256, true)))).isInstanceOf(SdkClientException.class);
    } finally {
      stack.close();
    }
  }
}
