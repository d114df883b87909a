/**
 * The payloads of the public events, one record per event type. Records are the contract in Java
 * form: they are what services publish and what consumers decode, and tests hold them equal to
 * the JSON Schemas under {@code schemas/}.
 *
 * <p>Required fields are checked on construction so that a service cannot build an event that
 * would fail its schema for want of a value; optional fields are {@code null} when unknown.
 */
package dev.momentum.contracts.event;
