/** Network builders from config and flat parameter views with per-layer segments. */
package ai.equilibrium.model;
