package dev.momentum.contracts.commitment;

/** The side of the deal a person is on. */
public enum PartySide {
    BUYER,
    SELLER
}
