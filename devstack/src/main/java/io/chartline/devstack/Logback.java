package io.chartline.devstack;

/** Logback configuration for the service JVMs that log through Logback (s3proxy, ElasticMQ). */
final class Logback {

  private Logback() {
  }

  /** Info and above to stdout (our log file); {@code quietLogger} and its children only warnings. */
  static String config(String quietLogger) {
    return String.join("\n",
        "<configuration>",
        "  <appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">",
        "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>",
        "  </appender>",
        "  <logger name=\"" + quietLogger + "\" level=\"WARN\"/>",
        "  <root level=\"INFO\"><appender-ref ref=\"out\"/></root>",
        "</configuration>",
        "");
  }
}
