package io.chartline.launcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal command-line parsing: positionals, {@code --name value} options and boolean flags. */
public final class Args {

  private final List<String> positionals = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();

  public Args(String[] argv, Set<String> flags) {
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.startsWith("--")) {
        String name = a.substring(2);
        int eq = name.indexOf('=');
        if (eq > 0) {
          options.put(name.substring(0, eq), name.substring(eq + 1));
        } else if (flags.contains(name)) {
          options.put(name, "true");
        } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
          options.put(name, argv[++i]);
        } else {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
      } else {
        positionals.add(a);
      }
    }
  }

  public String positional(int i) {
    return i < positionals.size() ? positionals.get(i) : null;
  }

  public String get(String name) {
    return options.get(name);
  }

  public String get(String name, String dflt) {
    return options.getOrDefault(name, dflt);
  }

  public String required(String name) {
    String v = options.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  public boolean flag(String name) {
    return "true".equals(options.get(name));
  }

  public int integer(String name, int dflt) {
    String v = options.get(name);
    try {
      return v == null ? dflt : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer");
    }
  }
}
