package ai.equilibrium.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.apache.spark.executor.Executor;
import org.junit.jupiter.api.Test;

class ResidentCapExceededTest {
  private static final String CAP = "Physical memory usage is too high: physicalBytes (410M) > maxPhysicalBytes (400M)";

  @Test
  void javacppsCapBecomesAnOrdinaryTaskFailureWithItsNumbers() {
    // as JavaCPP throws it: the allocation's error, caused by the cap's, here wrapped as ND4J may wrap it
    OutOfMemoryError allocation = new OutOfMemoryError("Cannot allocate new FloatPointer(1024): totalBytes = 8M, "
        + "physicalBytes = 410M");
    OutOfMemoryError cap = new OutOfMemoryError(CAP);
    cap.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.bytedeco.javacpp.FloatPointer",
        "allocateArray", null, -2)});
    allocation.initCause(cap);
    for (Throwable thrown : new Throwable[] {allocation, new RuntimeException("op failed", allocation)}) {
      ResidentCapExceeded failure = assertThrows(ResidentCapExceeded.class, () -> ResidentCapExceeded.reported(() -> {
        if (thrown instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) thrown;
      }));
      // nothing Spark's executor exits on, down its cause chain; the driver reads the numbers, the log the trace
      assertFalse(Executor.isFatalError(failure, 5), "fatal to the executor");
      assertEquals(CAP, failure.getMessage());
      assertEquals("allocateArray", failure.getStackTrace()[0].getMethodName());
    }
  }

  @Test
  void everyOtherFailurePassesAsItWas() throws IOException {
    OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
    assertSame(heap, assertThrows(OutOfMemoryError.class, () -> ResidentCapExceeded.reported(() -> {
      throw heap;
    })));
    IOException io = new IOException("disk full");
    assertSame(io, assertThrows(IOException.class, () -> ResidentCapExceeded.reported(() -> {
      throw io;
    })));
    assertEquals("result", ResidentCapExceeded.reported(() -> "result"));
  }
}
