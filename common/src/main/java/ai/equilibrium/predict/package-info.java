/**
 * Predictions of a trained classifier on inputs read in ranges: the inputs (prepared image folders, IDX files,
 * NumPy archives), their conversion to the rows the model was trained on, the models (a domain adaptation's
 * feature extractor and label classifier, a saved DL4J classifier) and the table of predictions they give. The
 * jobs distribute the ranges over Spark tasks.
 */
package ai.equilibrium.predict;
