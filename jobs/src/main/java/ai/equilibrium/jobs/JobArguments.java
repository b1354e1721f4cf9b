package ai.equilibrium.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job's command line as every job reads it: {@code --name value} (or {@code --name=value}) options,
 * {@code --flag} switches, {@code key=value} assignments (HOCON overrides, or a job's own pairs) and positional
 * arguments, in any order. An option the job does not declare is an error that lists the ones it does.
 *
 * @param options     each option's values in the order given (an option may repeat, such as --conf)
 * @param assignments {@code key=value} pairs in the order given (later ones win where they override)
 */
public record JobArguments(List<String> positionals, Map<String, List<String>> options, Set<String> flags,
    List<String> assignments) {
  /** Asks for usage; every job knows it. */
  public static final String HELP = "help";

  public JobArguments {
    positionals = List.copyOf(positionals);
    Map<String, List<String>> copied = new LinkedHashMap<>();
    options.forEach((name, values) -> copied.put(name, List.copyOf(values)));
    options = java.util.Collections.unmodifiableMap(copied);
    flags = Set.copyOf(flags);
    assignments = List.copyOf(assignments);
  }

  /**
   * @param valueOptions option names (without dashes) that take a value
   * @param flagOptions  option names that take none
   * @throws IllegalArgumentException naming an unknown option or one without its value
   */
  public static JobArguments parse(String[] args, Set<String> valueOptions, Set<String> flagOptions) {
    List<String> positionals = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
    Set<String> flags = new TreeSet<>();
    List<String> assignments = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        flags.add(HELP);
      } else if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = arg.substring(2, eq < 0 ? arg.length() : eq);
        if (valueOptions.contains(name)) {
          if (eq >= 0) {
            options.computeIfAbsent(name, n -> new ArrayList<>()).add(arg.substring(eq + 1));
          } else if (i + 1 < args.length) {
            options.computeIfAbsent(name, n -> new ArrayList<>()).add(args[++i]);
          } else {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
        } else if (flagOptions.contains(name) && eq < 0) {
          flags.add(name);
        } else {
          Set<String> known = new TreeSet<>(valueOptions);
          known.addAll(flagOptions);
          throw new IllegalArgumentException("unexpected argument '" + arg + "'" + (known.isEmpty() ? ""
              : "; options: --" + String.join(", --", known)));
        }
      } else if (arg.contains("=") && !arg.startsWith("-")) {
        assignments.add(arg);
      } else {
        positionals.add(arg);
      }
    }
    return new JobArguments(positionals, options, flags, assignments);
  }

  /** The option's last value, if given. */
  public Optional<String> option(String name) {
    List<String> values = options.getOrDefault(name, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** Every value of a repeatable option, in order. */
  public List<String> options(String name) {
    return options.getOrDefault(name, List.of());
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  /** An option that must be a whole number. */
  public Optional<Integer> intOption(String name) {
    return option(name).map(v -> {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
      }
    });
  }

  /** Exactly {@code count} positional arguments, named in the message when they are not there. */
  public List<String> positionals(int count, String names) {
    if (positionals.size() != count) {
      throw new IllegalArgumentException("expected " + names + ", got " + (positionals.isEmpty() ? "none"
          : positionals));
    }
    return positionals;
  }
}
