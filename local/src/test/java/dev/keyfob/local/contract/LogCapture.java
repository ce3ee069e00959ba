package dev.keyfob.local.contract;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Keeps everything printed to it (the local API's log, the handlers' JSON request lines and
 * {@code java.util.logging} records of keyfob's loggers) in memory, so tests can scan it.
 * Thread-safe.
 */
public final class LogCapture extends PrintStream {

  private final ByteArrayOutputStream buffer;

  public LogCapture() {
    this(new ByteArrayOutputStream());
  }

  private LogCapture(ByteArrayOutputStream buffer) {
    super(new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (buffer) {
          buffer.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (buffer) {
          buffer.write(b, off, len);
        }
      }
    }, true, StandardCharsets.UTF_8);
    this.buffer = buffer;
  }

  /** Everything captured so far. */
  public String text() {
    flush();
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  /** A {@code java.util.logging} handler writing each record (message and thrown) here. */
  public Handler julHandler() {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getParameters() != null) {
          message = java.text.MessageFormat.format(message, record.getParameters());
        }
        println("[jul " + record.getLevel() + " " + record.getLoggerName() + "] " + message);
        if (record.getThrown() != null) {
          record.getThrown().printStackTrace(LogCapture.this);
        }
      }

      @Override
      public void flush() {
        LogCapture.this.flush();
      }

      @Override
      public void close() {
        // the capture lives on
      }
    };
  }
}
