package ai.equilibrium.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * One writer per folder: the exclusive lease that a run, a sweep or a nightly suite holds on its folder for as long
 * as it writes there. The lease is a file created only if absent (atomically on local disks and HDFS; on object
 * stores such as S3, a best effort), naming its holder (host, process, start) and rewritten by a heartbeat. A second
 * process refuses in one line naming the holder, before it writes anything. A lease silent for longer than
 * {@link #staleAfter()} (its holder was killed) is taken over, and the taker says so.
 */
public final class FolderLease implements AutoCloseable {
  public static final String FILE = ".equilibrium-lease";
  /** Overrides how long a silent lease is honoured, in seconds (tests shorten it). */
  public static final String STALE_SECONDS_PROPERTY = "equilibrium.lease.stale-seconds";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path file;
  private final Map<String, Object> holder;
  private final ScheduledExecutorService heartbeat;
  private final Runnable onExit;
  private volatile boolean held = true;

  private FolderLease(FileSystem fs, Path file, Map<String, Object> holder) {
    this.fs = fs;
    this.file = file;
    this.holder = holder;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "equilibrium-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long everyMillis = Math.max(250, staleAfter().toMillis() / 4);
    heartbeat.scheduleAtFixedRate(this::beat, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    // SIGTERM (Ctrl-C, yarn application -kill, a pod's deletion) releases the folder at once, before Hadoop
    // closes its file systems
    this.onExit = this::close;
    ShutdownHookManager.get().addShutdownHook(onExit, FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
  }

  /** Another live process holds the folder. */
  public static final class Held extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Held(String message) {
      super(message);
    }
  }

  /**
   * Takes the lease on {@code folder} (any Hadoop path), creating the folder.
   *
   * @param what  what holds it, for another process's message ("the run", "the sweep")
   * @param notes told when a stale lease is taken over
   * @throws Held naming the holder when another live process holds the folder
   */
  public static FolderLease acquire(String folder, String what, PrintStream notes) {
    Path dir = new Path(folder);
    Path file = new Path(dir, FILE);
    try {
      FileSystem fs = FileSystems.of(dir);
      fs.mkdirs(dir);
      Map<String, Object> holder = new LinkedHashMap<>();
      holder.put("holder", what);
      holder.put("host", host());
      holder.put("pid", ProcessHandle.current().pid());
      holder.put("started", Instant.now().toString());
      holder.put("token", UUID.randomUUID().toString());
      for (int attempt = 0; attempt < 3; attempt++) {
        if (createNew(fs, file, holder)) {
          return new FolderLease(fs, file, holder);
        }
        Optional<Silence> silence = silence(fs, file);
        if (silence.isEmpty()) {
          continue; // released between our create and our look: try again
        }
        Silence found = silence.get();
        if (!found.holderEnded() && found.duration().compareTo(staleAfter()) < 0) {
          throw new Held(folder + " is in use by " + found.holder() + ", last heard from "
              + found.duration().toSeconds() + " s ago; one process writes a folder at a time: wait for it to end or "
              + "stop it (a holder that was killed is taken over " + staleAfter().toSeconds() + " s after it fell "
              + "silent)");
        }
        takeOver(fs, dir, file, found, notes, folder);
      }
      throw new Held(folder + " is being taken over by another process at this moment; try again");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lease " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The holder of {@code folder}'s lease, described, when it is live and another process than this one: for pages
   * that show what is running (a lease of this process is the page's own writer, running nothing else). Reads
   * only.
   */
  public static Optional<String> otherLiveHolder(String folder) {
    Path file = new Path(new Path(folder), FILE);
    try {
      Optional<Silence> silence = silence(FileSystems.of(file), file);
      return silence.filter(s -> !s.holderEnded() && s.duration().compareTo(staleAfter()) < 0 && !s.thisProcess())
          .map(Silence::holder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lease " + file + ": " + e.getMessage(), e);
    }
  }

  /** How long a lease whose heartbeat stopped is still honoured: two minutes unless the property says. */
  static Duration staleAfter() {
    return Duration.ofMillis((long) (1000 * Double.parseDouble(System.getProperty(STALE_SECONDS_PROPERTY, "120"))));
  }

  /** Releases the lease if this process still holds it. */
  @Override
  public synchronized void close() {
    if (!held) {
      return;
    }
    held = false;
    heartbeat.shutdownNow();
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(onExit);
    }
    try {
      if (ours()) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      // a lease left behind goes silent and is taken over
    }
  }

  /**
   * The holder a lease names, how long it has been silent (since the newer of its heartbeat and the file's time)
   * whether it is known to have ended (a process of this host that no longer runs) and whether it is this process.
   */
  private record Silence(String holder, Optional<String> token, Duration duration, boolean holderEnded,
      boolean thisProcess) {}

  private static Optional<Silence> silence(FileSystem fs, Path file) throws IOException {
    FileStatus status;
    try {
      status = fs.getFileStatus(file);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
    Optional<JsonNode> record = read(fs, file); // empty while its holder rewrites it
    Instant heard = Instant.ofEpochMilli(status.getModificationTime());
    Optional<Instant> beat = record.map(r -> Instant.parse(r.path("heartbeat").asText(Instant.EPOCH.toString())));
    if (beat.isPresent() && beat.get().isAfter(heard)) {
      heard = beat.get();
    }
    boolean ended = record.filter(r -> r.path("host").asText().equals(host()))
        .map(r -> ProcessHandle.of(r.path("pid").asLong(-1)).map(p -> !p.isAlive()).orElse(true)).orElse(false);
    boolean thisProcess = record.filter(r -> r.path("host").asText().equals(host())
        && r.path("pid").asLong(-1) == ProcessHandle.current().pid()).isPresent();
    return Optional.of(new Silence(record.map(FolderLease::describe).orElse("another process"),
        record.map(r -> r.path("token").asText()), Duration.between(heard, Instant.now()), ended, thisProcess));
  }

  /**
   * Moves a silent lease aside and deletes it. Only one taker's rename succeeds; a taker who moved a lease that
   * was renewed in between (not the silent one it saw) puts it back and lets the next attempt refuse.
   */
  private static void takeOver(FileSystem fs, Path dir, Path file, Silence silent, PrintStream notes, String folder)
      throws IOException {
    Path aside = new Path(dir, FILE + ".stale-" + UUID.randomUUID());
    if (!fs.rename(file, aside)) {
      return;
    }
    Optional<String> moved = read(fs, aside).map(r -> r.path("token").asText());
    if (silent.token().isPresent() && !moved.equals(silent.token())) {
      fs.rename(aside, file);
      return;
    }
    fs.delete(aside, false);
    notes.println("equilibrium: taking over " + folder + " from " + silent.holder()
        + (silent.holderEnded() ? ", which has ended" : ", silent for " + silent.duration().toSeconds() + " s"));
  }

  private void beat() {
    try {
      if (held && ours()) {
        write(fs, file, holder);
      }
    } catch (IOException | RuntimeException e) {
      // the next beat tries again; a lease that stays silent goes stale
    }
  }

  private boolean ours() throws IOException {
    return read(fs, file).map(r -> holder.get("token").equals(r.path("token").asText())).orElse(false);
  }

  /** Creates the lease only if no file is there: with O_EXCL on a local disk, by the file system's create elsewhere. */
  private static boolean createNew(FileSystem fs, Path file, Map<String, Object> holder) throws IOException {
    try {
      if ("file".equals(fs.getScheme())) {
        Files.write(java.nio.file.Path.of(fs.makeQualified(file).toUri()), record(holder),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } else {
        try (OutputStream out = fs.create(file, false)) {
          out.write(record(holder));
        }
      }
      return true;
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false; // some file systems say so with a plain IOException
      }
      throw e;
    }
  }

  private static void write(FileSystem fs, Path file, Map<String, Object> holder) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(record(holder));
    }
  }

  private static byte[] record(Map<String, Object> holder) throws IOException {
    Map<String, Object> record = new LinkedHashMap<>(holder);
    record.put("heartbeat", Instant.now().toString());
    return JSON.writeValueAsBytes(record);
  }

  private static Optional<JsonNode> read(FileSystem fs, Path file) {
    try (var in = fs.open(file)) {
      JsonNode node = JSON.readTree(in.readAllBytes());
      return node != null && node.has("token") ? Optional.of(node) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone, or being rewritten
    }
  }

  private static String describe(JsonNode holder) {
    return holder.path("holder").asText("a process") + " (process " + holder.path("pid").asText("?") + " on "
        + holder.path("host").asText("?") + ", started " + holder.path("started").asText("?") + ")";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }
}
