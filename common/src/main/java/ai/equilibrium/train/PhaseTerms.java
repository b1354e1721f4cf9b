package ai.equilibrium.train;

import ai.equilibrium.backend.GradientBackend;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.ShardResult;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.tensor.ParameterSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One phase's aggregated terms as the corrections see them: averaged before any player moves, so each term is
 * pulled back at the parameters it was computed at. Displaced re-evaluations run on a copy of the phase's
 * parameters (the players may have moved since) with the phase's draws.
 */
public final class PhaseTerms implements GradientCorrection.AveragedTerms {
  private final GradientBackend backend;
  private final StepRequest request;
  private final Map<Player, PlayerState> players;
  private final Map<GradientTerm, double[]> averaged = new EnumMap<>(GradientTerm.class);
  private final Map<GradientTerm, List<double[]>> perMicroBatch = new EnumMap<>(GradientTerm.class);
  /** The phase's network parameters, copied; null when no correction displaces them. */
  private final Map<Player, ParameterSet> atCall;
  private final DisplacedVersions versions;

  /** Hands out the versions of displaced parameter copies: negative, so never a real set's. */
  static final class DisplacedVersions {
    private long next = -1;

    long next() {
      return next--;
    }
  }

  /**
   * @param displaces whether a correction will ask for {@link #displaced} terms (the parameters are then copied)
   */
  PhaseTerms(GradientBackend backend, StepRequest request, Map<Player, ParameterSet> parameters,
      Map<Player, PlayerState> players, ShardResult result, Set<GradientTerm> extra, boolean displaces,
      DisplacedVersions versions) {
    this.backend = backend;
    this.request = request;
    this.players = players;
    this.versions = versions;
    for (GradientTerm t : extra) {
      averaged.put(t, players.get(t.parameters()).averaged(result, t));
    }
    for (GradientTerm t : request.perMicroBatch()) {
      perMicroBatch.put(t, players.get(t.parameters()).averagedPerMicroBatch(result, t));
    }
    if (displaces) {
      atCall = new EnumMap<>(Player.class);
      parameters.forEach((p, set) -> atCall.put(p, set.displacedBy(new double[set.size()], versions.next())));
    } else {
      atCall = null;
    }
  }

  /**
   * One call of {@code request} at the players' current parameters, its terms ready for corrections that read
   * micro-batches and displace parameters: what a study of the corrections compares them on.
   */
  public static PhaseTerms evaluate(GradientBackend backend, StepRequest request, Map<Player, PlayerState> players) {
    Map<Player, ParameterSet> parameters = new EnumMap<>(Player.class);
    players.forEach((p, s) -> parameters.put(p, s.networkParameters()));
    ShardResult result = backend.compute(request, parameters);
    return new PhaseTerms(backend, request, parameters, players, result, request.terms(), true,
        new DisplacedVersions());
  }

  @Override
  public double[] averaged(GradientTerm term) {
    double[] values = averaged.get(term);
    if (values == null) {
      throw new IllegalStateException("a correction read " + term + " without requesting it");
    }
    return values;
  }

  @Override
  public List<double[]> perMicroBatch(GradientTerm term) {
    List<double[]> values = perMicroBatch.get(term);
    if (values == null) {
      throw new IllegalStateException("a correction read " + term + " per micro-batch without requesting it");
    }
    return values;
  }

  @Override
  public double[] parameters(Player player) {
    requireCopies();
    return atCall.get(player).values();
  }

  @Override
  public GradientCorrection.AveragedTerms displaced(Player player, double[] shift, Set<GradientTerm> terms) {
    requireCopies();
    Map<Player, ParameterSet> moved = new EnumMap<>(atCall);
    moved.put(player, atCall.get(player).displacedBy(shift, versions.next()));
    StepRequest again = new StepRequest(request.step(), request.iteration(),
        EnumSet.of(terms.iterator().next().loss()), terms);
    ShardResult result = backend.compute(again, moved);
    Map<GradientTerm, double[]> values = new EnumMap<>(GradientTerm.class);
    for (GradientTerm t : terms) {
      values.put(t, players.get(t.parameters()).averaged(result, t));
    }
    return GradientCorrection.AveragedTerms.sumsOnly(term -> {
      double[] v = values.get(term);
      if (v == null) {
        throw new IllegalStateException("a displaced evaluation did not compute " + term);
      }
      return v;
    });
  }

  private void requireCopies() {
    if (atCall == null) {
      throw new IllegalStateException("a correction displaced the parameters without declaring it");
    }
  }
}
