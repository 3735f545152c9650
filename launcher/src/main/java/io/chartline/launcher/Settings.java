package io.chartline.launcher;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Raw settings (environment variables {@code CHARTLINE_*}, overridable in code for dev mode and
 * tests). Typed getters fail fast with a message naming the variable. Raw strings stop here.
 */
public final class Settings {

  private final Map<String, String> values;

  public Settings(Map<String, String> values) {
    this.values = new HashMap<>(values);
  }

  public static Settings fromEnvironment() {
    Map<String, String> m = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("CHARTLINE_")) {
        m.put(k, v);
      }
    });
    return new Settings(m);
  }

  public Settings with(String key, String value) {
    Settings s = new Settings(values);
    s.values.put(key, value);
    return s;
  }

  public Settings withDefaults(Map<String, String> defaults) {
    Settings s = new Settings(defaults);
    s.values.putAll(values);
    return s;
  }

  /** @return the raw values, e.g. to hand them to a child process as its environment. */
  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }

  public String str(String key, String dflt) {
    String v = values.get(key);
    return v == null || v.isBlank() ? dflt : v.trim();
  }

  public String required(String key) {
    String v = str(key, null);
    if (v == null) {
      throw new IllegalArgumentException(key + " must be set");
    }
    return v;
  }

  public int integer(String key, int dflt) {
    String v = str(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
    }
  }

  public long longValue(String key, long dflt) {
    String v = str(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
    }
  }

  /** Parses a finite decimal number such as {@code 0.55}. */
  public double decimal(String key, double dflt) {
    String v = str(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below, with the setting's name
    }
    throw new IllegalArgumentException(key + " must be a decimal number, got '" + v + "'");
  }

  public boolean bool(String key, boolean dflt) {
    String v = str(key, null);
    if (v == null) {
      return dflt;
    }
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  /** Parses durations like {@code 500ms}, {@code 30s}, {@code 5m}, {@code 8h}. */
  public Duration duration(String key, Duration dflt) {
    String v = str(key, null);
    return v == null ? dflt : parseDuration(key, v);
  }

  /** Parses {@code v} as a duration ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 12h}, {@code 7d}); errors name {@code key}. */
  public static Duration parseDuration(String key, String v) {
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " must be a duration like 500ms, 30s, 5m, 8h or 1d, got '" + v + "'");
    }
  }
}
