package ai.equilibrium.sweep;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/** One configuration key that a random search samples, and how. */
public sealed interface SearchParameter extends Serializable {
  /** The experiment key it sets, for example optimizer.adversary.lr. */
  String key();

  /** A value drawn from its distribution, as HOCON text. */
  String sample(SplittableRandom random);

  /** Uniform in log space: learning rates over decades. */
  record LogUniform(String key, double min, double max) implements SearchParameter {
    public LogUniform {
      if (!(min > 0 && max > min)) {
        throw new IllegalArgumentException(key + ": a log-uniform range needs 0 < min < max, got " + min + ", " + max);
      }
    }

    @Override
    public String sample(SplittableRandom random) {
      return String.valueOf(Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min))));
    }
  }

  /** Uniform: Adam's beta1, a penalty weight. */
  record Uniform(String key, double min, double max) implements SearchParameter {
    public Uniform {
      if (!(max > min)) {
        throw new IllegalArgumentException(key + ": a uniform range needs min < max, got " + min + ", " + max);
      }
    }

    @Override
    public String sample(SplittableRandom random) {
      return String.valueOf(min + random.nextDouble() * (max - min));
    }
  }

  /** One of a list of values, each equally likely: a batch size, a loss. */
  record Choice(String key, List<String> values) implements SearchParameter {
    public Choice {
      if (values.isEmpty()) {
        throw new IllegalArgumentException(key + ": a choice needs at least one value");
      }
      values = List.copyOf(values);
    }

    @Override
    public String sample(SplittableRandom random) {
      return values.get(random.nextInt(values.size()));
    }
  }
}
