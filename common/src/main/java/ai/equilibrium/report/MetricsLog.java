package ai.equilibrium.report;

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

/** Appends one JSON object per logged step to metrics.jsonl, flushed line by line. */
public final class MetricsLog implements TrainingListener, AutoCloseable {
  public static final String FILE = "metrics.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutputStream out;
  private final int every;

  public MetricsLog(RunDirectory run, int every) {
    this.out = run.create(FILE);
    this.every = every;
  }

  @Override
  public void onStep(StepMetrics m, TrainingState state) {
    if (m.step() % every != 0 && m.step() != m.totalSteps()) {
      return;
    }
    try {
      out.write(toJson(m).getBytes(StandardCharsets.UTF_8));
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
