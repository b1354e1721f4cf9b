package ai.equilibrium.checkpoint;

import ai.equilibrium.step.Player;
import ai.equilibrium.storage.Digests;
import ai.equilibrium.storage.RunDirectory;
import ai.equilibrium.train.CheckpointStore;
import ai.equilibrium.train.LoopCheckpoint;
import ai.equilibrium.train.PeriodicListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes and reads every checkpoint of a run: checkpoints/step-N at the start, every N steps and at the end
 * (the newest K kept), and checkpoints/best for the evaluations. A checkpoint holds the whole loop state (each
 * player's parameters, optimizer and reparameterization, the schedule, the guard, the learning-rate scale)
 * and the game's model files. It is written into a hidden temporary directory, renamed, and only then
 * trusted, by a commit marker written last that holds each file's SHA-256: rename is not atomic on object
 * stores, and a checkpoint whose marker is missing or whose files do not match it is never read.
 */
public final class Checkpointer extends PeriodicListener implements CheckpointStore {
  public static final String DIRECTORY = "checkpoints";
  public static final String BEST = "best";
  public static final String MARKER = "commit.json";
  public static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunDirectory run;
  private final ModelExport models;
  private final int keep;
  /** Where the code, data and runtime of these checkpoints come from, written into each manifest. */
  private final Map<String, Object> provenance;

  /**
   * @param every steps between checkpoints, 0 for the start and the end only
   * @param keep       step checkpoints kept, newest first (best is kept besides)
   * @param provenance where the code, data and runtime come from (empty where this writes nothing)
   */
  public Checkpointer(RunDirectory run, ModelExport models, int every, int keep, Map<String, Object> provenance) {
    super(every);
    if (keep < 1) {
      throw new IllegalArgumentException("at least one checkpoint must be kept, got " + keep);
    }
    this.run = run;
    this.models = models;
    this.keep = keep;
    this.provenance = Map.copyOf(provenance);
  }

  /** The checkpoints of {@code run} to read, resume from or discard; it writes none. */
  public static Checkpointer reading(RunDirectory run) {
    return new Checkpointer(run, ModelExport.NONE, 0, 1, Map.of());
  }

  /** The checkpoint of {@code step} steps, relative to the run directory: checkpoints/step-N. */
  public static String stepPath(long step) {
    return DIRECTORY + "/step-" + step;
  }

  /** The best checkpoint, relative to the run directory. */
  public static String bestPath() {
    return DIRECTORY + "/" + BEST;
  }

  @Override
  public void onStart(long step, TrainingState state) {
    if (problem(stepPath(step)).isPresent()) {
      save(stepPath(step), state); // the start is always a state to go back to
    }
  }

  @Override
  protected void act(long step, TrainingState state, boolean last) {
    save(stepPath(step), state);
  }

  /** Writes checkpoints/best. */
  public void saveBest(TrainingState state) {
    save(bestPath(), state);
  }

  /**
   * Writes a checkpoint of {@code state} to {@code directory} (relative to the run) and commits it. Each file is
   * streamed to storage through its digest, so that a checkpoint costs no more memory than its largest writer.
   */
  public void save(String directory, TrainingState state) {
    LoopCheckpoint checkpoint = state.checkpoint();
    Map<String, RunDirectory.Writer> files = new LinkedHashMap<>();
    for (Player p : Player.values()) {
      files.put(CheckpointFormat.playerFile(p), out -> CheckpointFormat.writePlayer(checkpoint.player(p), out));
    }
    files.put(CheckpointFormat.LOOP_STATE, out -> out.write(CheckpointFormat.loopState(checkpoint)));
    files.putAll(models.files(state));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("step", checkpoint.step());
    manifest.put("files", List.copyOf(files.keySet()));
    for (Player p : Player.values()) {
      manifest.put(p.name().toLowerCase(java.util.Locale.ROOT) + "_parameters", checkpoint.player(p).parameters().length);
    }
    manifest.put("learning_rate_scale", checkpoint.learningRateScale());
    manifest.put("rollbacks", checkpoint.rollbacks());
    manifest.put("provenance", new java.util.TreeMap<>(provenance));
    files.put(MANIFEST, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest)));
    Map<String, String> digests = new LinkedHashMap<>();
    run.writeDirectoryAtomically(directory, temporary -> files.forEach((name, writer) ->
        run.writeAtomically(temporary + "/" + name, out -> {
          MessageDigest sha = Digests.sha256();
          OutputStream digesting = new BufferedOutputStream(Digests.digesting(out, sha), 1 << 16);
          writer.write(digesting);
          digesting.flush(); // the stream is run directory's to close
          digests.put(name, Digests.hex(sha.digest()));
        })));
    Map<String, Object> marker = new LinkedHashMap<>();
    marker.put("step", checkpoint.step());
    marker.put("sha256", digests);
    run.writeText(directory + "/" + MARKER, json(marker));
    if (!directory.equals(bestPath())) {
      retain();
    }
  }

  /** Deletes step checkpoints beyond the newest {@code keep} committed ones. */
  private void retain() {
    List<Long> committed = steps().stream().filter(s -> run.exists(stepPath(s) + "/" + MARKER)).toList();
    for (Long step : committed.subList(Math.min(keep, committed.size()), committed.size())) {
      run.delete(stepPath(step));
    }
  }

  /** The steps of the step checkpoints present, trusted or not, newest first. */
  public List<Long> steps() {
    List<Long> steps = new ArrayList<>();
    for (String name : run.list(DIRECTORY)) {
      if (name.matches("step-\\d{1,18}")) {
        steps.add(Long.parseLong(name.substring("step-".length())));
      }
    }
    steps.sort(Comparator.reverseOrder());
    return steps;
  }

  /**
   * Reads a committed checkpoint.
   *
   * @param directory relative to the run, for example checkpoints/step-200 or checkpoints/best
   * @throws CheckpointUnusable naming the checkpoint and what is wrong with it
   */
  public LoopCheckpoint read(String directory) {
    return read(directory, true);
  }

  /**
   * Reads a committed checkpoint's model: every file is verified, but the players' optimizer states are passed
   * over (their {@code optimizerState()} is empty), which is most of a checkpoint's memory. For
   * {@code PlayerState.restoreModel}.
   */
  public LoopCheckpoint readModel(String directory) {
    return read(directory, false);
  }

  private LoopCheckpoint read(String directory, boolean withOptimizers) {
    CheckpointFormat.StateReader state =
        new CheckpointFormat.StateReader(run.path(directory).toString(), withOptimizers);
    verify(directory, state::parserOf);
    try {
      return state.checkpoint();
    } catch (IOException e) {
      throw new CheckpointUnusable(e.getMessage());
    }
  }

  /**
   * Why a checkpoint cannot be trusted (absent, uncommitted, torn or corrupt), or empty if it can: every file
   * matches its digest. Streams the files, holding none of them.
   */
  public Optional<String> problem(String directory) {
    try {
      verify(directory, name -> null);
      return Optional.empty();
    } catch (CheckpointUnusable e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The newest trusted step checkpoint; each one passed over is reported to {@code notes}. */
  public Optional<LoopCheckpoint> newestTrusted(Consumer<String> notes) {
    return newestAtOrBefore(Long.MAX_VALUE, notes);
  }

  @Override
  public Optional<LoopCheckpoint> newestAtOrBefore(long step) {
    return newestAtOrBefore(step, note -> {});
  }

  private Optional<LoopCheckpoint> newestAtOrBefore(long step, Consumer<String> notes) {
    for (long s : steps()) {
      if (s > step) {
        continue;
      }
      try {
        return Optional.of(read(stepPath(s)));
      } catch (CheckpointUnusable e) {
        notes.accept(e.getMessage());
      }
    }
    return Optional.empty();
  }

  @Override
  public void discardAfter(long step) {
    for (long s : steps()) {
      if (s > step) {
        run.delete(stepPath(s));
      }
    }
  }

  @Override
  public String location(long step) {
    return run.path(stepPath(step)).toString();
  }

  /**
   * Checks every file of a committed checkpoint against the marker's digest, streaming each one through the
   * parser {@code parsers} gives for its name (null: digested only). A file that does not parse is reported
   * as torn when its digest does not match either, else by what the parser found.
   */
  private void verify(String directory, Function<String, RunDirectory.StreamParser<?>> parsers) {
    String where = run.path(directory).toString();
    byte[] markerBytes = run.read(directory + "/" + MARKER).orElseThrow(() -> new CheckpointUnusable(
        run.exists(directory) ? where + " is not committed (no " + MARKER + ": it was being written when the run stopped)"
            : where + " does not exist"));
    JsonNode digests;
    try {
      digests = JSON.readTree(markerBytes).path("sha256");
    } catch (IOException e) {
      throw new CheckpointUnusable(where + "/" + MARKER + " is corrupt: " + e.getMessage());
    }
    if (!digests.isObject() || digests.isEmpty()) {
      throw new CheckpointUnusable(where + "/" + MARKER + " lists no files");
    }
    for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) digests::fields) {
      String name = entry.getKey();
      RunDirectory.StreamParser<?> parser = parsers.apply(name);
      IOException[] unparsed = new IOException[1];
      RunDirectory.Digested<?> file = run.digest(directory + "/" + name, in -> {
        try {
          return parser == null ? null : parser.parse(in);
        } catch (IOException e) {
          unparsed[0] = e; // the digest decides whether this is a torn file or a bad one
          return null;
        }
      }).orElseThrow(() -> new CheckpointUnusable(where + "/" + name + " is missing"));
      if (!file.sha256().equals(entry.getValue().asText())) {
        throw new CheckpointUnusable(where + "/" + name + " does not match its digest in " + MARKER + " (torn or corrupt)");
      }
      if (unparsed[0] != null) {
        throw new CheckpointUnusable(unparsed[0].getMessage());
      }
    }
  }

  private static String json(Map<String, Object> value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
