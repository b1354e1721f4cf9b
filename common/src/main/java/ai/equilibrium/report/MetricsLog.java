package ai.equilibrium.report;

import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.DivergenceStop;
import ai.equilibrium.train.RollbackEvent;
import ai.equilibrium.train.StepMetrics;
import ai.equilibrium.train.TrainingListener;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Syncable;

/**
 * Appends one JSON object per logged step to metrics.jsonl, flushed line by line, one per rollback of the
 * divergence guard ({@code "event": "rollback"}) and, when the guard stops the run, a last one
 * ({@code "event": "diverged"}), so that the run's own files say that it gave up.
 */
public final class MetricsLog implements TrainingListener, AutoCloseable {
  public static final String FILE = "metrics.jsonl";
  /** The {@code event} of a rollback line. */
  public static final String ROLLBACK = "rollback";
  /** The {@code event} of the line a run that the guard stopped ends with. */
  public static final String DIVERGED = "diverged";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutputStream out;
  private final int every;

  /** A new metrics.jsonl. */
  public MetricsLog(RunDirectory run, int every) {
    this(run, every, false);
  }

  /** @param carryOn whether to append to the run's metrics.jsonl (a resumed run's, cut back to its checkpoint) */
  public MetricsLog(RunDirectory run, int every, boolean carryOn) {
    this.out = carryOn ? run.append(FILE) : run.create(FILE);
    this.every = every;
  }

  @Override
  public void onRollback(RollbackEvent event, TrainingState state) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", event.step());
    row.put("event", ROLLBACK);
    row.put("reason", event.reason());
    row.put("to_step", event.toStep());
    row.put("lr_scale", event.learningRateScale());
    row.put("rollbacks", event.rollbacks());
    try {
      write(JSON.writeValueAsString(row));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void onDivergenceStop(DivergenceStop stop, TrainingState state) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", stop.step());
    row.put("event", DIVERGED);
    row.put("reason", stop.reason());
    row.put("rollbacks", stop.rollbacks());
    row.put("message", stop.message());
    try {
      write(JSON.writeValueAsString(row));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void onStep(StepMetrics m, TrainingState state) {
    if (m.step() % every != 0 && m.step() != m.totalSteps()) {
      return;
    }
    write(toJson(m));
  }

  private void write(String line) {
    try {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
      if (out instanceof Syncable syncable) {
        syncable.hflush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + FILE + ": " + e.getMessage(), e);
    }
  }

  /** One step as a JSON object; non-finite numbers become null (JSON has no NaN). */
  static String toJson(StepMetrics m) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", m.step());
    row.put("loss_adversary", finite(m.adversaryLoss()));
    row.put("loss_main", finite(m.mainLoss()));
    m.diagnostics().forEach((k, v) -> row.put(k, finite(v)));
    row.put("ema_adversary_loss", finite(m.smoothedAdversaryLoss()));
    row.put("ideal_adversary_loss", finite(m.idealAdversaryLoss()));
    row.put("lr_multiplier", finite(m.lrMultiplier()));
    row.put("lr_adversary", finite(m.adversaryLearningRate()));
    row.put("lr_main", finite(m.mainLearningRate()));
    row.put("ms_per_step", finite(m.millis()));
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + FILE + ": " + e.getMessage(), e);
    }
  }
}
