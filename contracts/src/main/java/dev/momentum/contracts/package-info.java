/**
 * Momentum's public, versioned event contract: the catalogue of event types and topics, and the
 * errors a consumer gets for messages outside the contract.
 *
 * <p>Subpackages: {@code commitment} and {@code deal} (vocabulary), {@code event} (payload
 * records), {@code json} (the contract's JSON mapping), {@code schema} (JSON Schema validation)
 * and {@code envelope} (CloudEvents and Kafka).
 */
package dev.momentum.contracts;
