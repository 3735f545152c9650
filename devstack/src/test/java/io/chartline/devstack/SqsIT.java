package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqsIT {

  @Test
  void messageSentToCreatedQueueIsReceivedAndCloseLeavesNoProcess() throws Exception {
    Path dir = Files.createTempDirectory("chartline-sqs-it");
    Set<Long> before = ChildProcesses.pids();
    DevStack stack = DevStack.start(new DevStackOptions(dir, false, false, false, false, true));
    Set<Long> started = ChildProcesses.startedSince(before);
    try (SqsAsyncClient sqs = TestClients.sqs(stack.sqs())) {
      String url = sqs.createQueue(b -> b.queueName(TestClients.unique("it-queue")))
          .get(30, TimeUnit.SECONDS).queueUrl();

      sqs.sendMessage(b -> b.queueUrl(url).messageBody("s3 event")).get(30, TimeUnit.SECONDS);
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5).maxNumberOfMessages(1))
          .get(30, TimeUnit.SECONDS).messages();

      assertThat(messages).extracting(Message::body).containsExactly("s3 event");
    } finally {
      stack.close();
    }

    assertThat(started).as("processes started by the stack").isNotEmpty();
    assertThat(ChildProcesses.alive(started)).as("still alive after close()").isEmpty();
    assertThat(stack.postgres()).isNull();
    assertThat(Files.exists(dir)).as("non-persistent state deleted").isFalse();
    stack.close(); // idempotent: a second close neither throws nor waits
  }
}
