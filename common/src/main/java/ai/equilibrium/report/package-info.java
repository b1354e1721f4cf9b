/** What people look at: metrics.jsonl, eval.jsonl, progress lines, sample images, report.html. */
package ai.equilibrium.report;
