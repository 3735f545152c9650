package io.chartline.devstack;

import java.time.Duration;

/** A service of the stack that is running as a child process. */
interface LocalService {

  /** How long a service gets to shut down cleanly before it is killed. */
  Duration STOP_GRACE = Duration.ofSeconds(10);

  /** Service name, also the name of its log file. */
  String name();

  /** Stops the service and all its processes; idempotent, never throws. */
  void stop();
}
