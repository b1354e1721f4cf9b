/**
 * Random-search sweeps and what they measure: the expected best score of k trials (the tuning-budget curves of
 * METHODS.md section 6). No Spark here.
 */
package ai.equilibrium.sweep;
