package ai.equilibrium.model;

import ai.equilibrium.data.SampleShape;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StageProbeTest {
  @Test
  @SuppressWarnings("unchecked")
  void probe() throws Exception {
    SampleShape s = new SampleShape.Image(3, 64, 64);
    for (boolean gen : new boolean[] {true, false}) {
      var conf = gen ? new Dcgan64Spec(100).generator(s, 1L, DataType.FLOAT) : new Dcgan64Spec(100).adversary(s, 1L, DataType.FLOAT);
      var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf); net.init();
      ConvNetwork n = (ConvNetwork) ConvNetwork.of(net).orElseThrow();
      var f = ConvNetwork.class.getDeclaredField("stages"); f.setAccessible(true);
      List<NetworkStage> stages = (List<NetworkStage>) f.get(n);
      double[] fw = new double[stages.size()], bw = new double[stages.size()];
      INDArray x = gen ? Nd4j.randn(DataType.FLOAT, 64, 100) : Nd4j.rand(DataType.FLOAT, 64, 3 * 64 * 64);
      for (int it = 0; it < 6; it++) {
        INDArray a = x;
        for (int i = 0; i < stages.size(); i++) { long t = System.nanoTime(); a = stages.get(i).forward(a); if (it > 0) fw[i] += (System.nanoTime() - t) / 1e6 / 5; }
        INDArray d = a.ulike().assign(0.01);
        for (int i = stages.size() - 1; i >= 0; i--) { long t = System.nanoTime(); d = stages.get(i).backward(d, i > 0); if (it > 0) bw[i] += (System.nanoTime() - t) / 1e6 / 5; }
      }
      for (int i = 0; i < stages.size(); i++) System.out.printf("PROBE %s %2d %-18s fwd %7.1f bwd %7.1f%n", gen ? "G" : "D", i, stages.get(i).getClass().getSimpleName(), fw[i], bw[i]);
    }
  }
}
