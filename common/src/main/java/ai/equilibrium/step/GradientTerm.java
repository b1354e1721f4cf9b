package ai.equilibrium.step;


/**
 * One block of the game's loss Jacobian: the gradient of one player's loss with respect to one player's
 * parameters. A player's own gradient is the diagonal block; the off-diagonal blocks are what corrections
 * such as the best-response constraint need.
 */
public enum GradientTerm {
  /** dF/d(theta_main): the main player's own gradient. */
  MAIN_LOSS_MAIN_PARAMETERS(Player.MAIN, Player.MAIN),
  /** df/d(theta_adversary): the adversary's own gradient. */
  ADVERSARY_LOSS_ADVERSARY_PARAMETERS(Player.ADVERSARY, Player.ADVERSARY),
  /** dF/d(theta_adversary). */
  MAIN_LOSS_ADVERSARY_PARAMETERS(Player.MAIN, Player.ADVERSARY),
  /** df/d(theta_main). */
  ADVERSARY_LOSS_MAIN_PARAMETERS(Player.ADVERSARY, Player.MAIN);

  private final Player loss;
  private final Player parameters;

  GradientTerm(Player loss, Player parameters) {
    this.loss = loss;
    this.parameters = parameters;
  }

  /** Whose loss is differentiated. */
  public Player loss() {
    return loss;
  }

  /** Whose parameters it is differentiated with respect to. */
  public Player parameters() {
    return parameters;
  }

  /** The player's gradient of its own loss. */
  public static GradientTerm own(Player player) {
    return of(player, player);
  }

  public static GradientTerm of(Player loss, Player parameters) {
    for (GradientTerm t : values()) {
      if (t.loss == loss && t.parameters == parameters) {
        return t;
      }
    }
    throw new AssertionError("no gradient term for " + loss + "/" + parameters);
  }
}
