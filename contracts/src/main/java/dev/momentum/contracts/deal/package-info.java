/** Vocabulary of deals: how a deal moves through its pipeline, stalls and ends. */
package dev.momentum.contracts.deal;
