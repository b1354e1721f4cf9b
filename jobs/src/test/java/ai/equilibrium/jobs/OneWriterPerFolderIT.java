package ai.equilibrium.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.storage.FolderLease;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs started together on one folder, each in a JVM of its own as the submit scripts start them: exactly one
 * runs, the other exits with status 3 in one line naming the holder, and the folder holds one job's files, whole.
 * (A holder killed with SIGKILL is taken over: ResumeAfterKillIT; a silent lease's time and heartbeat:
 * FolderLeaseTest.)
 */
class OneWriterPerFolderIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STEPS = 600;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void twoRunsOnOneRunDirectory() throws Exception {
    List<String> run = List.of("--in-process", "data.source=gaussian-ring", "data.mixture-samples=2000",
        "run.steps=" + STEPS, "run.log-every=1", "run.sample-every=300", "run.progress-every=0",
        "run.output-dir=" + dir.resolve("runs"), "run.name=shared");
    List<JobProcess.Outcome> outcomes = together(TrainJob.class.getName(), run);
    JobProcess.Outcome refused = onlyOneRan(outcomes, "the run shared");

    Path runDir = dir.resolve("runs/shared");
    List<String> lines = Files.readAllLines(runDir.resolve("metrics.jsonl"));
    assertEquals(STEPS, lines.size(), "one line per step; the refused run wrote none");
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(i + 1, JSON.readTree(lines.get(i)).get("step").asInt(), "line " + (i + 1) + ": " + lines.get(i));
    }
    assertFalse(Files.exists(runDir.resolve(FolderLease.FILE)), "released at the end; " + refused.all());
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void twoNightlyProcessesOnOneSuiteFolder() throws Exception {
    String ring = Path.of(System.getProperty("equilibrium.repo.root", ".."), "conf/ring-mlp.conf").toString();
    Path suite = Files.writeString(dir.resolve("suite.conf"), "suite {\n  name = ci\n"
        + "  output-dir = \"" + dir.resolve("nightly") + "\"\n"
        + "  entries = [{name = ring, config = \"" + ring + "\", seeds = 2, metric = modes_covered,"
        + " direction = higher, overrides = [\"run.steps=200\", \"run.sample-every=200\", \"run.sample-count=500\","
        + " \"data.mixture-samples=2000\", \"run.progress-every=0\"]}]\n}\nspark { master = \"local[1]\" }\n");
    List<JobProcess.Outcome> outcomes = together(NightlyJob.class.getName(),
        List.of(suite.toString(), "--night", "2026-12-06"));
    onlyOneRan(outcomes, "the nightly suite ci");
    Path history = dir.resolve("nightly/ci/history.csv");
    assertEquals(1 + 1 + 2, Files.readAllLines(history).size(), "a header and one row per seed (the canary and two "
        + "fresh seeds), written once");
  }

  /** Starts the job twice at the same moment and waits for both. */
  private List<JobProcess.Outcome> together(String mainClass, List<String> arguments) throws Exception {
    List<JobProcess> processes = new ArrayList<>();
    for (String name : List.of("first", "second")) {
      processes.add(JobProcess.start(JobProcess.command(List.of(), mainClass, arguments), dir.resolve("logs"), name));
    }
    List<JobProcess.Outcome> outcomes = new ArrayList<>();
    for (JobProcess process : processes) {
      outcomes.add(process.await(5));
    }
    return outcomes;
  }

  /** One exited 0, the other 3 with one line on its terminal naming the holder; returns the refused one. */
  private static JobProcess.Outcome onlyOneRan(List<JobProcess.Outcome> outcomes, String holder) {
    List<JobProcess.Outcome> ran = outcomes.stream().filter(o -> o.exitCode() == ExitStatus.OK.code).toList();
    List<JobProcess.Outcome> refused = outcomes.stream().filter(o -> o.exitCode() == ExitStatus.COULD_NOT_RUN.code)
        .toList();
    String all = outcomes.get(0).all() + "\n----\n" + outcomes.get(1).all();
    assertEquals(1, ran.size(), "exactly one ran: " + all);
    assertEquals(1, refused.size(), "the other could not: " + all);
    JobProcess.Outcome other = refused.get(0);
    assertEquals(1, other.lines().size(), "one line on its terminal: " + other.all());
    String line = other.lines().get(0);
    assertTrue(line.startsWith("equilibrium: ") && line.contains("is in use by " + holder + " (process "),
        "names the holder: " + line);
    return other;
  }
}
