package io.chartline.devtools.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Captures everything this JVM logs while installed: every logback event at any logger, formatted
 * with its thread, logger, message, MDC and full stack trace, plus whatever is written straight to
 * {@code System.out} or {@code System.err} (console appenders, {@code printStackTrace}). Raises the
 * project's own loggers ({@code io.chartline}) to DEBUG so their debug lines are checked as well.
 */
final class LogCapture implements AutoCloseable {

  private final StringBuilder events = new StringBuilder();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final Logger root;
  private final Logger project;
  private final Level projectLevel;
  private final AppenderBase<ILoggingEvent> appender;
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern("%d %-5level [%thread] %logger - %msg %mdc%n%ex{full}");
    layout.start();
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        String line = layout.doLayout(event);
        synchronized (events) {
          events.append(line);
        }
      }
    };
    appender.setContext(context);
    appender.setName("canary-capture");
    appender.start();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    project = context.getLogger("io.chartline");
    projectLevel = project.getLevel();
    project.setLevel(Level.DEBUG);
    System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
  }

  static LogCapture install() {
    return new LogCapture();
  }

  /** Everything captured so far: logback events, then console output. */
  String text() {
    String logged;
    synchronized (events) {
      logged = events.toString();
    }
    synchronized (console) {
      return logged + "\n" + console.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    root.detachAppender(appender);
    appender.stop();
    project.setLevel(projectLevel);
  }

  /** Writes to the original stream and to the capture. */
  private final class Tee extends OutputStream {
    private final PrintStream original;

    Tee(PrintStream original) {
      this.original = original;
    }

    @Override
    public void write(int b) {
      original.write(b);
      synchronized (console) {
        console.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      original.write(b, off, len);
      synchronized (console) {
        console.write(b, off, len);
      }
    }

    @Override
    public void flush() {
      original.flush();
    }
  }
}
