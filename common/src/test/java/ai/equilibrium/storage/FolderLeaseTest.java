package ai.equilibrium.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLeaseTest {
  private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(notes, true, StandardCharsets.UTF_8);

  @AfterEach
  void defaultStaleness() {
    System.clearProperty(FolderLease.STALE_SECONDS_PROPERTY);
  }

  @Test
  void aSecondHolderIsRefusedNamingTheFirstUntilItReleases(@TempDir Path dir) {
    String folder = dir.resolve("run").toUri().toString();
    try (FolderLease first = FolderLease.acquire(folder, "the run a", out)) {
      FolderLease.Held held = assertThrows(FolderLease.Held.class, () -> FolderLease.acquire(folder, "the run b", out));
      assertTrue(held.getMessage().contains("the run a (process " + ProcessHandle.current().pid() + " on "),
          held.getMessage());
      assertFalse(held.getMessage().contains("\n"));
    }
    assertFalse(Files.exists(dir.resolve("run").resolve(FolderLease.FILE)), "released");
    FolderLease.acquire(folder, "the run b", out).close();
  }

  @Test
  void aReaderSeesAnotherProcesssLiveLeaseButNotItsOwnNorAStaleOne(@TempDir Path dir) throws Exception {
    System.setProperty(FolderLease.STALE_SECONDS_PROPERTY, "30");
    String folder = dir.toUri().toString();
    assertTrue(FolderLease.otherLiveHolder(folder).isEmpty(), "no lease");
    try (FolderLease own = FolderLease.acquire(folder, "the sweep s", out)) {
      assertTrue(FolderLease.otherLiveHolder(folder).isEmpty(), "this process's own lease runs nothing else");
    }
    Path file = dir.resolve(FolderLease.FILE);
    Files.writeString(file, leaseOfAnotherHost(Instant.now()));
    assertEquals("the run a (process 1 on elsewhere, started 2026-01-01T00:00:00Z)",
        FolderLease.otherLiveHolder(folder).orElseThrow());
    Files.writeString(file, leaseOfAnotherHost(Instant.now().minusSeconds(60)));
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    assertTrue(FolderLease.otherLiveHolder(folder).isEmpty(), "a lease silent beyond its time holds nothing");
  }

  private static String leaseOfAnotherHost(Instant heartbeat) {
    return "{\"holder\":\"the run a\",\"host\":\"elsewhere\",\"pid\":1,\"started\":\"2026-01-01T00:00:00Z\","
        + "\"token\":\"t\",\"heartbeat\":\"" + heartbeat + "\"}";
  }

  @Test
  void theHeartbeatKeepsALongRunsLeaseAlive(@TempDir Path dir) throws Exception {
    System.setProperty(FolderLease.STALE_SECONDS_PROPERTY, "0.6");
    String folder = dir.toUri().toString();
    try (FolderLease first = FolderLease.acquire(folder, "the run a", out)) {
      Thread.sleep(2000);
      assertThrows(FolderLease.Held.class, () -> FolderLease.acquire(folder, "the run b", out));
    }
  }

  @Test
  void aLeaseSilentBeyondItsTimeIsTakenOverAndTheOldHolderCannotReleaseTheNewOne(@TempDir Path dir)
      throws Exception {
    System.setProperty(FolderLease.STALE_SECONDS_PROPERTY, "30");
    Path file = dir.resolve(FolderLease.FILE);
    String silent = "{\"holder\":\"the run a\",\"host\":\"elsewhere\",\"pid\":1,\"started\":\"2026-01-01T00:00:00Z\","
        + "\"token\":\"t\",\"heartbeat\":\"" + Instant.now().minusSeconds(60) + "\"}";
    Files.writeString(file, silent);
    FolderLease.Held held = assertThrows(FolderLease.Held.class,
        () -> FolderLease.acquire(dir.toUri().toString(), "the run b", out));
    assertTrue(held.getMessage().contains("last heard from 0 s ago"), "the file's time counts: " + held.getMessage());

    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    try (FolderLease taken = FolderLease.acquire(dir.toUri().toString(), "the run b", out)) {
      assertTrue(notes.toString(StandardCharsets.UTF_8).contains("taking over " + dir.toUri() + " from the run a "
          + "(process 1 on elsewhere, started 2026-01-01T00:00:00Z), silent for 60 s"), notes.toString());
      assertTrue(Files.readString(file).contains("the run b"));
    }
  }

  @Test
  void aLeaseOfAProcessOfThisHostThatEndedIsTakenOverAtOnce(@TempDir Path dir) throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    String folder = dir.toUri().toString();
    try (FolderLease first = FolderLease.acquire(folder, "the run a", out)) {
      Path file = dir.resolve(FolderLease.FILE);
      Files.writeString(file, Files.readString(file).replace("\"pid\":" + ProcessHandle.current().pid(),
          "\"pid\":" + ended.pid()).replace("\"token\":\"", "\"token\":\"killed-"));
      try (FolderLease taken = FolderLease.acquire(folder, "the run b", out)) {
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("(process " + ended.pid() + " on "), notes.toString());
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("which has ended"), notes.toString());
        first.close(); // no longer its lease: left alone
        assertTrue(Files.readString(file).contains("the run b"));
      }
    }
  }

  @Test
  void ofManyTakingOneFolderAtOnceExactlyOneHoldsIt(@TempDir Path dir) throws Exception {
    String folder = dir.resolve("contended").toUri().toString();
    int takers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(takers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<FolderLease>> attempts = new ArrayList<>();
    for (int i = 0; i < takers; i++) {
      String name = "taker " + i;
      attempts.add(pool.submit(() -> {
        start.await();
        try {
          return FolderLease.acquire(folder, name, out);
        } catch (FolderLease.Held e) {
          return null;
        }
      }));
    }
    start.countDown();
    List<FolderLease> holders = new ArrayList<>();
    for (Future<FolderLease> attempt : attempts) {
      if (attempt.get() != null) {
        holders.add(attempt.get());
      }
    }
    pool.shutdown();
    assertEquals(1, holders.size());
    holders.get(0).close();
  }
}
