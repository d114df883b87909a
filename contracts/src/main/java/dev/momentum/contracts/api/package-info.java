/** Value sets and shapes of the public REST APIs that integrators program against. */
package dev.momentum.contracts.api;
