package ai.equilibrium.jobs;

import ai.equilibrium.checkpoint.Checkpointer;
import ai.equilibrium.config.Settings;
import ai.equilibrium.experiment.Experiment;
import ai.equilibrium.experiment.SavedModel;
import ai.equilibrium.stabilize.BestResponseCorrection;
import ai.equilibrium.stabilize.ExactHessian;
import ai.equilibrium.step.GradientCorrection;
import ai.equilibrium.step.GradientTerm;
import ai.equilibrium.step.Player;
import ai.equilibrium.step.StepRequest;
import ai.equilibrium.train.PhaseTerms;
import ai.equilibrium.train.PlayerState;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well the best-response correction's cheap Hessians approximate the exact one, at a run's checkpoints:
 * {@code BestResponseStudyJob RUN_DIR [--checkpoints step-500,step-1000] [key=value ...]}. At each checkpoint,
 * one main-player call (the checkpoint's step, the draws of its first iteration) in double precision, in this
 * process, gives every variant the same terms; each variant's implicit-gradient term is compared with the exact
 * one (conjugate gradients on finite-difference Hessian-vector products) by cosine and norm ratio, and the
 * corrected gradients likewise. One JSON line per checkpoint and variant on standard output and in
 * RUN_DIR/brc-study.jsonl.
 */
public final class BestResponseStudyJob {
  public static final String FILE = "brc-study.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BestResponseStudyJob() {}

  static final JobMain.Spec SPEC = new JobMain.Spec("""
      usage: brc-study RUN_DIR... [--checkpoints step-N,step-M,...] [--reuse] [key=value ...]
        key=value  overrides over the runs' configs, for example stabilize.brc.exact-iterations=100
                   train.micro-batches-per-partition=8 (the Fisher form's K = partitions x micro-batches)
        --reuse    summarize the rows each run's brc-study.jsonl already holds instead of computing them""",
      Set.of("checkpoints"), Set.of("reuse"), BestResponseStudyJob::run);

  public static void main(String[] args) {
    JobMain.main(args, SPEC);
  }

  /** A compared form: its name and settings. */
  record Variant(String name, Settings.BestResponse settings) {}

  private static ExitStatus run(JobArguments args, PrintStream out) throws IOException {
    if (args.positionals().isEmpty()) {
      throw new IllegalArgumentException("give at least one run directory");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String runDir : args.positionals()) {
      rows.addAll(args.flags().contains("reuse") ? BestResponseStudySummary.read(runDir, FILE)
          : study(runDir, args, out));
    }
    out.print(BestResponseStudySummary.markdown(rows));
    return ExitStatus.OK;
  }

  /** The rows of one run's checkpoints, printed and appended to its brc-study.jsonl. */
  private static List<Map<String, Object>> study(String runDir, JobArguments args, PrintStream out)
      throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> overrides = new ArrayList<>(List.of("model.precision=double", "stabilize.brc.enabled=true",
        "stabilize.spectral-norm=false"));
    overrides.addAll(args.assignments());
    List<String> checkpoints = args.option("checkpoints").map(c -> List.of(c.split(",")))
        .orElseGet(() -> Checkpointer.reading(SavedModel.load(runDir, null, overrides).run()).steps().stream()
            .sorted().map(s -> "step-" + s).toList());
    List<String> lines = new ArrayList<>();
    SavedModel first = null;
    for (String checkpoint : checkpoints) {
      SavedModel model = SavedModel.load(runDir, checkpoint, overrides);
      first = first == null ? model : first;
      for (Map<String, Object> row : compare(model.experiment(), stepOf(checkpoint))) {
        row.put("checkpoint", checkpoint);
        String line = JSON.writeValueAsString(row);
        out.println(line);
        lines.add(line);
        rows.add(row);
      }
    }
    if (first != null) {
      List<String> all = new ArrayList<>(first.run().readLines(FILE));
      all.addAll(lines);
      first.run().writeText(FILE, String.join("\n", all) + "\n");
    }
    return rows;
  }

  private static long stepOf(String checkpoint) {
    try {
      return Long.parseLong(checkpoint.substring(checkpoint.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return 0; // best: the draws of step 0
    }
  }

  /** Each variant's implicit term against the exact one's, on one call's terms. */
  static List<Map<String, Object>> compare(Experiment<?, ?, ?> experiment, long step) {
    Settings.BestResponse configured = experiment.config().stabilize().bestResponse();
    List<Variant> variants = List.of(
        variant("batch-mean", configured, Settings.HessianKind.BATCH_MEAN, 0),
        variant("batch-mean, relative damping 1", configured, Settings.HessianKind.BATCH_MEAN, 1),
        variant("fisher", configured, Settings.HessianKind.FISHER, 0),
        variant("fisher, relative damping 1", configured, Settings.HessianKind.FISHER, 1));
    Variant exact = variant("exact", configured, Settings.HessianKind.EXACT, configured.relativeDamping());
    Map<Player, PlayerState> players = new EnumMap<>(Player.class);
    for (Player p : Player.values()) {
      players.put(p, experiment.player(p));
    }
    EnumSet<GradientTerm> each = EnumSet.of(GradientTerm.ADVERSARY_LOSS_ADVERSARY_PARAMETERS,
        GradientTerm.ADVERSARY_LOSS_MAIN_PARAMETERS);
    StepRequest request = new StepRequest(step, 0, EnumSet.of(Player.MAIN), EnumSet.allOf(GradientTerm.class), each);
    PhaseTerms terms = PhaseTerms.evaluate(experiment.localBackend(), request, players);
    double[] own = terms.averaged(GradientTerm.MAIN_LOSS_MAIN_PARAMETERS);
    long start = System.nanoTime();
    BestResponseCorrection exactCorrection = BestResponseCorrection.of(exact.settings());
    double[] reference = own.clone();
    Map<String, Double> exactDiagnostics = exactCorrection.correct(Player.MAIN, terms, reference);
    double[] referenceTerm = difference(own, reference);
    double exactSeconds = (System.nanoTime() - start) / 1e9;
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> exactRow = new LinkedHashMap<>();
    exactRow.put("variant", exact.name());
    exactRow.put("term_norm", norm(referenceTerm));
    exactRow.put("gradient_norm", norm(own));
    exactRow.putAll(exactDiagnostics);
    exactRow.put("seconds", exactSeconds);
    exactRow.putAll(productChecks(terms, exact.settings().fdStep(), step));
    rows.add(exactRow);
    for (Variant v : variants) {
      double[] corrected = own.clone();
      Map<String, Double> diagnostics = BestResponseCorrection.of(v.settings()).correct(Player.MAIN, terms, corrected);
      double[] term = difference(own, corrected);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("variant", v.name());
      row.put("term_norm", norm(term));
      row.put("cosine_to_exact", cosine(term, referenceTerm));
      row.put("norm_ratio_to_exact", norm(term) / norm(referenceTerm));
      row.put("corrected_cosine_to_exact", cosine(corrected, reference));
      row.put("brc_degenerate", diagnostics.get("brc_degenerate"));
      rows.add(row);
    }
    return rows;
  }

  /**
   * How trustworthy the exact form's products are: the asymmetry |w.Hv - v.Hw| / (|Hv| |w|) of two random
   * directions (H is symmetric, its finite differences need not be), and |Hv(step) - Hv(step / 10)| / |Hv(step)|.
   */
  private static Map<String, Object> productChecks(GradientCorrection.AveragedTerms terms, double fdStep, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int n = terms.parameters(Player.ADVERSARY).length;
    double[] v = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
      w[i] = random.nextGaussian();
    }
    double[] hv = ExactHessian.hessianTimes(terms, v, fdStep);
    double[] hw = ExactHessian.hessianTimes(terms, w, fdStep);
    double[] hvFine = ExactHessian.hessianTimes(terms, v, fdStep / 10);
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("hvp_asymmetry", Math.abs(dot(w, hv) - dot(v, hw)) / (norm(hv) * norm(w)));
    checks.put("hvp_step_sensitivity", norm(difference(hv, hvFine)) / norm(hv));
    checks.put("hvp_rayleigh_v", dot(v, hv) / dot(v, v));
    return checks;
  }

  private static Variant variant(String name, Settings.BestResponse base, Settings.HessianKind hessian,
      double relativeDamping) {
    return new Variant(name, new Settings.BestResponse(true, hessian, base.epsilon(), relativeDamping, false,
        base.exactIterations(), base.exactTolerance(), base.fdStep()));
  }

  private static double[] difference(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double cosine(double[] a, double[] b) {
    return dot(a, b) / (norm(a) * norm(b));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
