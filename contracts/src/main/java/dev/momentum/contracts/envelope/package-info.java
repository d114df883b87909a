/**
 * The CloudEvents 1.0 envelope of the contract and its Kafka binding (binary content mode: the
 * CloudEvent attributes travel as {@code ce_*} headers, the payload as the record value).
 */
package dev.momentum.contracts.envelope;
