package ai.equilibrium.report;

import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * memory.jsonl: the driver process's memory ({@link ProcessMemory}) a hundred times over a run and at its end,
 * after that step's evaluations and samples, so that growth over a long run and the peak of an evaluation show
 * (report.html draws it). Wall-clock facts like ms_per_step: not part of a run's results, and not cut back on
 * resume (a resumed run's rows follow the earlier process's).
 */
public final class MemoryLog implements TrainingListener {
  public static final String FILE = "memory.jsonl";
  private static final int ROWS_PER_RUN = 100;

  private final RunDirectory run;
  private final StringBuilder lines = new StringBuilder();

  /** @param carryOn whether to keep the rows of the run's earlier processes (a resumed run) */
  public MemoryLog(RunDirectory run, boolean carryOn) {
    this.run = run;
    if (carryOn) {
      run.readLines(FILE).forEach(line -> lines.append(line).append('\n'));
    }
  }

  @Override
  public void onStep(StepMetrics m, TrainingState state) {
    long every = Math.max(1, m.totalSteps() / ROWS_PER_RUN);
    if (m.step() % every == 0 && m.step() != m.totalSteps()) {
      record(m.step());
    }
  }

  @Override
  public void onEnd(long steps, TrainingState state) {
    record(steps);
  }

  private void record(long step) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.putAll(ProcessMemory.now().fields());
    lines.append(EvaluationLog.json(row)).append('\n');
    run.writeText(FILE, lines.toString());
  }
}
