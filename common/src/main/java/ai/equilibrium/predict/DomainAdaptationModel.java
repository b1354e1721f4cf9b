package ai.equilibrium.predict;

import ai.equilibrium.adaptation.DomainAdaptationGame;
import ai.equilibrium.adaptation.DomainAdaptationNetworks;
import ai.equilibrium.data.SampleShape;
import ai.equilibrium.experiment.SavedModel;
import ai.equilibrium.step.Player;
import ai.equilibrium.tensor.NumericVector;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A domain adaptation's main player, its feature extractor and label classifier: the class probabilities are the
 * softmax of {@link DomainAdaptationGame#classify}'s logits. Rows are shaped as the run's data source shapes them.
 *
 * @param parameters the main player's network parameters, from the checkpoint
 */
public record DomainAdaptationModel(String name, DomainAdaptationGame game, NumericVector parameters,
    SampleShape input) implements PredictionModel {
  private static final long serialVersionUID = 1L;

  /** @throws IllegalArgumentException naming the run when it is not a domain adaptation */
  public static DomainAdaptationModel of(SavedModel saved) {
    if (!(saved.experiment().game() instanceof DomainAdaptationGame game)) {
      throw new IllegalArgumentException(saved.run().location() + " is a game.type = "
          + saved.experiment().config().game().type() + " run; predict applies the label classifier of a "
          + "domain-adaptation run, or a saved classifier file");
    }
    return new DomainAdaptationModel(saved.experiment().config().run().name() + " (" + saved.checkpoint() + ")", game,
        saved.experiment().player(Player.MAIN).networkParameters().snapshot(), saved.experiment().source().shape());
  }

  @Override
  public List<String> labels() {
    return IntStream.range(0, game.classes()).mapToObj(c -> "p" + c).toList();
  }

  @Override
  public boolean multiLabel() {
    return false;
  }

  @Override
  public DataType precision() {
    return game.precision();
  }

  @Override
  public Classifier open() {
    DomainAdaptationNetworks networks = game.buildNetworks();
    networks.setParameters(Player.MAIN, parameters);
    return rows -> Transforms.softmax(game.classify(networks, rows), true);
  }
}
