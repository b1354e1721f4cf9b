/** The Spark gradient backend: broadcast parameters, cached data partitions, pooled executor networks. */
package ai.equilibrium.spark;
