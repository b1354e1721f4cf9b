package ai.equilibrium.yarn;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * An HDFS (one DataNode) and a YARN ResourceManager with its NodeManagers in this JVM, on 127.0.0.1, as Spark's own
 * YARN tests run them, with the NodeManagers' physical-memory check on; and a HADOOP_CONF_DIR for clients.
 */
final class MiniClusters implements AutoCloseable {
  final MiniDFSCluster dfs;
  final MiniYARNCluster yarn;
  /** core-site.xml, hdfs-site.xml, yarn-site.xml: use as HADOOP_CONF_DIR / YARN_CONF_DIR, and put on the class path. */
  final File confDir;

  private MiniClusters(MiniDFSCluster dfs, MiniYARNCluster yarn, File confDir) {
    this.dfs = dfs;
    this.yarn = yarn;
    this.confDir = confDir;
  }

  static MiniClusters start(File baseDir, int nodeManagers, int nmMemoryMb, int nmVcores) throws Exception {
    // ---- HDFS
    Configuration hconf = new Configuration();
    hconf.set("dfs.replication", "1");
    hconf.set("dfs.permissions.enabled", "false");
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(hconf, new File(baseDir, "dfs"))
        .numDataNodes(1).format(true).build();
    dfs.waitActive();

    // ---- YARN (on top of the HDFS configuration, so that fs.defaultFS is hdfs://)
    YarnConfiguration yconf = new YarnConfiguration(dfs.getConfiguration(0));
    // MiniYARNCluster turns the NM's container monitor OFF unless this is set (NodeManagerWrapper.serviceInit)
    yconf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, true);
    yconf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
    yconf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // yarn.nodemanager.resource.memory.enforced defaults to true ("cgroups enforce memory"), and then
    // ContainersMonitorImpl.checkLimit() returns before the pmem check even though cgroups are off: nothing is ever
    // killed (YARN-11967, fixed upstream in 2026, present in 3.3.4). false = the polling (procfs) pmem check kills.
    yconf.setBoolean(YarnConfiguration.NM_MEMORY_RESOURCE_ENFORCED, false);
    yconf.setLong(YarnConfiguration.NM_CONTAINER_MON_INTERVAL_MS, 1000);
    yconf.set(YarnConfiguration.NM_CONTAINER_MON_RESOURCE_CALCULATOR,
        "org.apache.hadoop.yarn.util.LinuxResourceCalculatorPlugin");
    yconf.set(YarnConfiguration.NM_CONTAINER_MON_PROCESS_TREE,
        "org.apache.hadoop.yarn.util.ProcfsBasedProcessTree");
    // NM size: MiniYARNCluster overrides yarn.nodemanager.resource.memory-mb with the yarn.minicluster.* key
    yconf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, nmMemoryMb);
    yconf.setInt(YarnConfiguration.NM_PMEM_MB, nmMemoryMb);
    yconf.setInt(YarnConfiguration.NM_VCORES, nmVcores);
    yconf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    yconf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nmMemoryMb);
    yconf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, nmVcores);
    yconf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
    yconf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    // capacity-scheduler.xml is not in hadoop-client-minicluster (same workaround as Spark's BaseYarnClusterSuite)
    yconf.set("yarn.scheduler.capacity.root.queues", "default");
    yconf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    yconf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    yconf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    yconf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    yconf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    yconf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    yconf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    // AMs may use 10% of the queue by default (409 MB of 4 GB: one app at a time); 50% lets a few apps overlap
    yconf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);

    MiniYARNCluster yarn = new MiniYARNCluster("equilibrium-yarn", 1, nodeManagers, 1, 1);
    yarn.init(yconf);
    yarn.start();
    // MiniYARNCluster.start() may return before the RM's real port is in the configuration
    Configuration live = yarn.getConfig();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (live.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("RM address never set");
      }
      Thread.sleep(100);
    }
    // wait for the NodeManagers to register, or the first submission waits for them
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (yarn.getResourceManager().getRMContext().getRMNodes().size() < nodeManagers) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("NodeManagers never registered");
      }
      Thread.sleep(100);
    }

    File confDir = new File(baseDir, "hadoop-conf");
    confDir.mkdirs();
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", live.get("fs.defaultFS"));
    write(core, new File(confDir, "core-site.xml"));
    Configuration hdfs = new Configuration(false);
    hdfs.set("dfs.replication", "1");
    write(hdfs, new File(confDir, "hdfs-site.xml"));
    Configuration yarnSite = new Configuration(false);
    for (Map.Entry<String, String> e : live) {
      if (e.getKey().startsWith("yarn.")) {
        yarnSite.set(e.getKey(), live.get(e.getKey()));
      }
    }
    write(yarnSite, new File(confDir, "yarn-site.xml"));
    return new MiniClusters(dfs, yarn, confDir);
  }

  private static void write(Configuration c, File f) throws IOException {
    try (OutputStream os = new FileOutputStream(f)) {
      c.writeXml(os);
    }
  }

  @Override
  public void close() {
    try {
      if (yarn != null) {
        yarn.stop();
      }
    } finally {
      if (dfs != null) {
        dfs.shutdown();
      }
    }
  }
}
