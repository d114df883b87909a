package dev.momentum.deal.domain;

import dev.momentum.support.web.NotFoundException;

/** No opened deal with this id in the tenant (commitment facts alone do not make a deal). */
public class DealNotFoundException extends NotFoundException {

    public DealNotFoundException(String dealId) {
        super("deal " + dealId + " does not exist");
    }
}
