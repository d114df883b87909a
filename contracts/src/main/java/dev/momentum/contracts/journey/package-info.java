/**
 * The buyer journey of a deal and how it is judged: {@link dev.momentum.contracts.journey.StallPolicy}
 * turns a deal's timeline of {@link dev.momentum.contracts.journey.DealFact}s into its
 * {@link dev.momentum.contracts.journey.StallEpisode}s. Pure JDK code, shared so that the
 * deal-service, the analytics-service and integrators all apply the very same rules.
 */
package dev.momentum.contracts.journey;
