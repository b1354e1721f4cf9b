package ai.equilibrium.adaptation;

import ai.equilibrium.data.Domain;
import ai.equilibrium.data.DomainPairSource;
import ai.equilibrium.data.LabelledSet;
import ai.equilibrium.loss.DomainLossReduction;
import ai.equilibrium.loss.SoftmaxCrossEntropy;
import ai.equilibrium.report.EvaluationLog;
import ai.equilibrium.step.Player;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.PeriodicListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Domain adaptation's scores on the held-out splits, every N steps and at the end, in eval.jsonl: the label
 * classifier's accuracy on the source and on the target domain (target labels are read here, never in
 * training), the domain classifier's accuracy and loss against V*, and two label-free signals a user can
 * select models by (the source validation loss, and the domain loss's distance from V*). Computed on the
 * driver: the held-out splits are small.
 */
public final class DomainAdaptationEvaluation extends PeriodicListener {
  private final DomainAdaptationGame game;
  private final DomainAdaptationNetworks networks;
  private final DomainPairSource source;
  private final DomainLossReduction reduction;
  private final PrintStream out;
  private final EvaluationLog log;
  private final List<String> computedOn;
  private LabelledSet sourceTest;
  private LabelledSet targetTest;

  /**
   * @param networks the driver's scratch networks of this game (parameters are overwritten)
   * @param run        where eval.jsonl goes; null to write nothing
   * @param every      steps between evaluations, 0 for the end only
   * @param computedOn the processor kinds that train the run
   */
  public DomainAdaptationEvaluation(DomainAdaptationGame game, DomainAdaptationNetworks networks,
      DomainPairSource source, DomainLossReduction reduction, RunDirectory run, int every, List<String> computedOn,
      PrintStream out) {
    super(every);
    this.game = game;
    this.networks = networks;
    this.source = source;
    this.reduction = reduction;
    this.out = out;
    this.log = run == null ? null : new EvaluationLog(run, computedOn);
    this.computedOn = computedOn;
  }

  @Override
  protected void act(long step, TrainingState state, boolean last) {
    Map<String, Object> row = evaluate(step, state);
    if (last) {
      out.printf(Locale.ROOT, "equilibrium: target accuracy %.4f, source accuracy %.4f, domain accuracy %.4f, "
          + "domain loss %.4f (V* %.4f)%s%n", row.get("target_accuracy"), row.get("source_accuracy"),
          row.get("domain_accuracy"), row.get("domain_loss"), row.get("ideal_domain_loss"),
          EvaluationLog.onProcessors(computedOn));
    }
  }

  private Map<String, Object> evaluate(long step, TrainingState state) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.putAll(score(state));
    if (log != null) {
      log.append(row);
    }
    return row;
  }

  /** The scores of the players in {@code state}; writes nothing. */
  public Map<String, Object> score(TrainingState state) {
    if (sourceTest == null) {
      sourceTest = source.heldOut(Domain.SOURCE);
      targetTest = source.heldOut(Domain.TARGET);
    }
    networks.setParameters(Player.MAIN, state.parameters(Player.MAIN).snapshot());
    networks.setParameters(Player.ADVERSARY, state.parameters(Player.ADVERSARY).snapshot());
    INDArray sourceRows = rows(sourceTest);
    INDArray targetRows = rows(targetTest);
    INDArray sourceLogits = game.classify(networks, sourceRows);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("source_samples", sourceTest.size());
    row.put("target_samples", targetTest.size());
    row.put("source_accuracy", accuracy(sourceLogits, sourceTest.labels()));
    row.put("target_accuracy", accuracy(game.classify(networks, targetRows), targetTest.labels()));
    row.put("source_loss", new SoftmaxCrossEntropy().terms(sourceLogits, sourceTest.labels()).sum() / sourceTest.size());
    double[] sourceDomain = doubles(game.domainLogits(networks, sourceRows));
    double[] targetDomain = doubles(game.domainLogits(networks, targetRows));
    double sourceTerm = 0;
    int correct = 0;
    for (double logit : sourceDomain) {
      sourceTerm += softplus(-logit);
      correct += logit > 0 ? 1 : 0;
    }
    double targetTerm = 0;
    for (double logit : targetDomain) {
      targetTerm += softplus(logit);
      correct += logit > 0 ? 0 : 1;
    }
    double domainLoss = reduction.factor() * (sourceTerm / sourceDomain.length + targetTerm / targetDomain.length);
    row.put("domain_accuracy", (double) correct / (sourceDomain.length + targetDomain.length));
    row.put("domain_loss", domainLoss);
    row.put("ideal_domain_loss", reduction.idealLoss());
    row.put("domain_gap", Math.abs(domainLoss - reduction.idealLoss()));
    return row;
  }

  private INDArray rows(LabelledSet set) {
    return set.rows(0, set.size(), game.precision());
  }

  private static double accuracy(INDArray logits, int[] labels) {
    return DomainAdaptationGame.correctClasses(logits, labels) / labels.length;
  }

  private static double[] doubles(INDArray array) {
    return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }
}
