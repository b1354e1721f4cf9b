package ai.equilibrium.spark.block;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Java serialization to and from bytes with the loader of the job's own classes. Spark's RPC deserializes a
 * message with the loader its environment was created with, which on an executor predates the job's jar, so
 * the coordinator's messages travel as bytes and become objects here.
 */
final class Wire {
  private Wire() {}

  static byte[] bytes(Serializable value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static <T> T value(byte[] bytes, Class<T> type) {
    try (ObjectInputStream objects = new JobClassesInputStream(new ByteArrayInputStream(bytes))) {
      return type.cast(objects.readObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("a coordinator message names a class this JVM cannot load", e);
    }
  }

  private static final class JobClassesInputStream extends ObjectInputStream {
    JobClassesInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(description.getName(), false, Wire.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        return super.resolveClass(description);
      }
    }
  }
}
