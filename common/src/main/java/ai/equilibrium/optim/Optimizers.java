package ai.equilibrium.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The optimizers a configuration can name ({@code optimizer.*.type}), each registered once here with how it is
 * built from its settings. A new optimizer is its class, one line here, and its keys' defaults.
 */
public final class Optimizers {
  private static final Map<String, Function<OptimizerSettings, Optimizer>> TYPES = new LinkedHashMap<>();
  /** Types that combine others: they cannot be a grafted optimizer's part. */
  private static final Set<String> COMBINED = Set.of("grafted");

  static {
    TYPES.put("adam", s -> new Adam(s.beta1(), s.beta2(), s.epsilon()));
    TYPES.put("sgd", s -> new Sgd());
    TYPES.put("nsgd", s -> new NormalizedSgd(s.scope()));
    TYPES.put("grafted", s -> new Grafted(create(s.magnitude(), s), create(s.direction(), s), s.scope()));
    TYPES.put("optimistic", s -> new OptimisticGradient());
  }

  private Optimizers() {}

  /** Every registered type, in registration order. */
  public static Set<String> types() {
    return TYPES.keySet();
  }

  /** The types a grafted optimizer may take its magnitude or direction from. */
  public static Set<String> graftableTypes() {
    Set<String> parts = new java.util.LinkedHashSet<>(TYPES.keySet());
    parts.removeAll(COMBINED);
    return parts;
  }

  /** A new optimizer (fresh state) of {@code settings}' type. */
  public static Optimizer create(OptimizerSettings settings) {
    return create(settings.type(), settings);
  }

  private static Optimizer create(String type, OptimizerSettings settings) {
    Function<OptimizerSettings, Optimizer> factory = TYPES.get(type);
    if (factory == null) {
      throw new IllegalArgumentException("no optimizer '" + type + "'; known: " + TYPES.keySet());
    }
    return factory.apply(settings);
  }
}
