package ai.equilibrium.data;

/** A data set is missing or unreadable; the message names the path and how to obtain it. */
public final class DataUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataUnavailableException(String message) {
    super(message);
  }

  public DataUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
