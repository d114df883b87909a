/**
 * Bean Validation constraints for the limits of the public contract
 * ({@link dev.momentum.contracts.ContractLimits}), for every request record of every API: what
 * the APIs accept can always be published, consumed and projected.
 */
package dev.momentum.support.web.constraints;
