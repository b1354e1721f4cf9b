/**
 * Configuration parsed once into validated, typed records: HOCON files with overrides and unknown-key checks,
 * the experiment schema, and the game types' part of it (registered through {@link ai.equilibrium.config.GameSchema}).
 */
package ai.equilibrium.config;
