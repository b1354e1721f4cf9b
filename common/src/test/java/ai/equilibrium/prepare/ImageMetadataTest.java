package ai.equilibrium.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.equilibrium.data.ImageSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMetadataTest {
  @TempDir
  Path dir;

  @Test
  void celebaListsGiveEachFileItsSplitAndAttributes() throws IOException {
    Path splits = Files.writeString(dir.resolve("list_eval_partition.txt"), "000001.jpg 0\n000002.jpg 1\n000003.jpg 2\n");
    Path attributes = Files.writeString(dir.resolve("list_attr_celeba.txt"),
        "3\n5_o_Clock_Shadow Arched_Eyebrows Smiling\n000001.jpg -1  1 1\n000002.jpg  1 -1 -1\n000003.jpg -1 -1 1\n");
    ImageMetadata m = ImageMetadata.read(Optional.of(splits.toString()), Optional.of(attributes.toString()), 0.05);
    assertEquals(List.of("5_o_Clock_Shadow", "Arched_Eyebrows", "Smiling"), m.attributeNames());
    assertEquals(ImageSplit.TRAIN, m.split("000001.jpg"));
    assertEquals(ImageSplit.VALID, m.split("000002.jpg"));
    assertEquals(ImageSplit.TEST, m.split("000003.jpg"));
    assertArrayEquals(new byte[] {1, -1, -1}, m.attributes("000002.jpg"));
    assertArrayEquals(new byte[] {0, 0, 0}, m.attributes("unlisted.jpg"));
  }

  @Test
  void withoutASplitListAboutTheHeldOutFractionIsTestChosenByName() throws IOException {
    ImageMetadata m = ImageMetadata.read(Optional.empty(), Optional.empty(), 0.1);
    int test = 0;
    for (int i = 0; i < 10_000; i++) {
      ImageSplit split = m.split(String.format("%06d.jpg", i));
      assertEquals(split, m.split(String.format("%06d.jpg", i)));
      test += split == ImageSplit.TEST ? 1 : 0;
    }
    assertTrue(test > 900 && test < 1100, test + " of 10,000 held out");
  }

  @Test
  void aMalformedListFailsNamingFileAndLine() throws IOException {
    Path splits = Files.writeString(dir.resolve("splits.txt"), "000001.jpg 0\n000002.jpg seven\n");
    IOException e = assertThrows(IOException.class, () -> ImageMetadata.read(Optional.of(splits.toString()),
        Optional.empty(), 0.05));
    assertTrue(e.getMessage().contains("splits.txt line 2"), e.getMessage());
    Path attributes = Files.writeString(dir.resolve("attrs.txt"), "1\nA B\n000001.jpg 1\n");
    IOException a = assertThrows(IOException.class, () -> ImageMetadata.read(Optional.empty(),
        Optional.of(attributes.toString()), 0.05));
    assertTrue(a.getMessage().contains("attrs.txt line 3"), a.getMessage());
  }
}
