/**
 * Nightly suites: the history of each configuration's score and the check that flags a regression only when
 * tonight is worse beyond both a statistical band over recent nights and a minimum effect size. No Spark here.
 */
package ai.equilibrium.nightly;
