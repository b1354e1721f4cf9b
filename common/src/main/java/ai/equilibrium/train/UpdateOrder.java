package ai.equilibrium.train;

import ai.equilibrium.config.Settings;
import ai.equilibrium.step.Player;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The backend calls that make one training step, and which players each one updates. */
public sealed interface UpdateOrder {

  /**
   * One backend call: the gradients of {@code players} at the parameters of the moment, each player then
   * updated from its gradient.
   */
  record Phase(int iteration, Set<Player> players) {}

  List<Phase> phases();

  /**
   * The order of {@code train.update-order} and {@code train.adversary-steps}.
   *
   * @param freshMainDraw whether an alternating main phase draws its own batch ({@code stabilize.brc.fresh-draw})
   */
  static UpdateOrder of(Settings.Train t, boolean freshMainDraw) {
    return switch (t.updateOrder()) {
      case SIMULTANEOUS -> new Simultaneous();
      case ALTERNATING -> new Alternating(t.adversarySteps(), freshMainDraw);
    };
  }

  /** Both players' gradients at the same parameters, one backend call per step. */
  record Simultaneous() implements UpdateOrder {
    @Override
    public List<Phase> phases() {
      return List.of(new Phase(0, EnumSet.allOf(Player.class)));
    }
  }

  /**
   * {@code adversarySteps} adversary updates, then the main player against the updated adversary. The main
   * player's phase reuses the last adversary iteration's draws (the same latent codes, as in the reference
   * benchmark step), or with {@code freshMainDraw} draws its own (iteration {@code adversarySteps}).
   */
  record Alternating(int adversarySteps, boolean freshMainDraw) implements UpdateOrder {
    public Alternating {
      if (adversarySteps < 1) {
        throw new IllegalArgumentException("adversary steps must be at least 1, got " + adversarySteps);
      }
    }

    @Override
    public List<Phase> phases() {
      List<Phase> phases = new ArrayList<>();
      for (int i = 0; i < adversarySteps; i++) {
        phases.add(new Phase(i, EnumSet.of(Player.ADVERSARY)));
      }
      phases.add(new Phase(freshMainDraw ? adversarySteps : adversarySteps - 1, EnumSet.of(Player.MAIN)));
      return phases;
    }
  }
}
