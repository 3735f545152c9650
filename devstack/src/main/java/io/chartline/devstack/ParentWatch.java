package io.chartline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM that devstack starts: {@code ParentWatch <main class> [args...]}.
 *
 * <p>It runs the real main class, and a daemon thread that reads standard input, a pipe from the
 * parent JVM. When the pipe reaches end of file (the parent closed it, exited, or was killed with
 * {@code kill -9}) the child exits through its shutdown hooks, and halts if they hang. This is what
 * keeps a dead parent from leaving brokers behind.
 *
 * <p>The class is copied alone onto the child's classpath, so it must use nothing but the JDK and
 * must not have nested classes.
 */
final class ParentWatch {

  private static final long HALT_AFTER_MILLIS = 15_000;

  private ParentWatch() {
  }

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      System.err.println("usage: ParentWatch <main class> [args...]");
      System.exit(2);
    }
    Thread watcher = new Thread(ParentWatch::exitWhenParentGoes, "devstack-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitWhenParentGoes() {
    byte[] buffer = new byte[256];
    try {
      InputStream in = System.in;
      while (in.read(buffer) >= 0) {
        // the parent never writes; anything read is ignored
      }
    } catch (IOException e) {
      // a broken pipe means the same as end of file
    }
    System.err.println("devstack: stdin closed (stop requested or parent gone), exiting");
    Thread halter = new Thread(ParentWatch::haltLater, "devstack-halt");
    halter.setDaemon(true);
    halter.start();
    System.exit(0);
  }

  private static void haltLater() {
    try {
      Thread.sleep(HALT_AFTER_MILLIS); // blocking-ok: halt timer in the child JVM, off any event loop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(1);
  }
}
