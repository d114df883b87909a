package dev.momentum.commitment.api;

import dev.momentum.support.web.NotFoundException;

/** No commitment with this id in the caller's tenant. */
class CommitmentNotFoundException extends NotFoundException {

    CommitmentNotFoundException(String commitmentId) {
        super("commitment " + commitmentId + " does not exist");
    }
}
