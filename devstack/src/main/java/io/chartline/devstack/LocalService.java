package io.chartline.devstack;

import java.time.Duration;

/** A service of the stack: a child process, or (KMS) an endpoint inside this JVM. */
interface LocalService {

  /** How long a service gets to shut down cleanly before it is killed. */
  Duration STOP_GRACE = Duration.ofSeconds(10);

  /** Service name, also the name of its log file (child processes only). */
  String name();

  /** Stops the service and all its processes; idempotent, never throws. */
  void stop();
}
