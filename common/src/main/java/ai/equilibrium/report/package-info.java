/** What people look at: the run directory, metrics.jsonl, progress lines, sample images. */
package ai.equilibrium.report;
