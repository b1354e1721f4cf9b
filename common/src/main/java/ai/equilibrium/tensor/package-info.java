/**
 * Host-side numeric values that every layer shares: flat parameter vectors with their per-layer segments,
 * plain numeric vectors, and copies between JVM arrays and ND4J arrays. Imports nothing of the project.
 */
package ai.equilibrium.tensor;
