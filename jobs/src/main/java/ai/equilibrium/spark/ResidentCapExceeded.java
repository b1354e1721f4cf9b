package ai.equilibrium.spark;

import ai.equilibrium.experiment.MemoryBudget;

/**
 * A task that went over its executor's resident-memory cap (JavaCPP's maxphysicalbytes, which submit-cluster sets
 * just below the container), after the garbage collector had returned what it could. JavaCPP says so with an
 * OutOfMemoryError, on which Spark's executor reports the task and then exits (code 52 or 50); whether the driver hears
 * the report or the lost executor first is a race, and only the report names the cap. As an ordinary exception the
 * task fails with the cap's numbers every time and the executor, whose heap is fine, lives on.
 */
public final class ResidentCapExceeded extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private ResidentCapExceeded(OutOfMemoryError cap) {
    // not its cause: Spark's executor also exits on an error among the first causes (killOnFatalError.depth)
    super(cap.getMessage());
    setStackTrace(cap.getStackTrace());
  }

  /** Runs one task's work, turning JavaCPP's cap into this exception; every other error passes as it was. */
  public static <R, E extends Exception> R reported(Work<R, E> task) throws E {
    try {
      return task.run();
    } catch (OutOfMemoryError | RuntimeException e) {
      // JavaCPP's "Cannot allocate ..." carries the cap's own error as its cause, and ND4J may wrap both
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof OutOfMemoryError cap && String.valueOf(cap.getMessage()).startsWith(MemoryBudget.CAP_EXCEEDED)) {
          throw new ResidentCapExceeded(cap);
        }
      }
      throw e;
    }
  }

  /** A task's work, which may throw its own checked exception. */
  @FunctionalInterface
  public interface Work<R, E extends Exception> {
    R run() throws E;
  }
}
