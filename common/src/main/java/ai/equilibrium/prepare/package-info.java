/**
 * Image preparation: a folder of JPEG/PNG files (with CelebA's split and attribute lists when present) planned
 * into shards, each decoded, cropped, resized and written as one {@link ai.equilibrium.data.ImageShardFile} by one
 * task. No Spark here: {@code PrepareDataJob} runs the shards as Spark tasks.
 */
package ai.equilibrium.prepare;
