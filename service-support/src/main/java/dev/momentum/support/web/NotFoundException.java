package dev.momentum.support.web;

/** The addressed resource does not exist for the caller (another tenant's counts as not existing). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
