/** Data sources, partitioned deterministically, and their readers. */
package ai.equilibrium.data;
