/**
 * Where runs, sweeps and nightly suites keep their files on any Hadoop path: run directories written
 * atomically, their step-indexed histories, and the one SHA-256 helper behind every digest.
 */
package ai.equilibrium.storage;
