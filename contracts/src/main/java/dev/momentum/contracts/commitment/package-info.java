/**
 * Vocabulary of commitments: who promised what to whom. Shared by every service so that the
 * rules (which roles exist on which side, how direction is derived) live in one place.
 */
package dev.momentum.contracts.commitment;
