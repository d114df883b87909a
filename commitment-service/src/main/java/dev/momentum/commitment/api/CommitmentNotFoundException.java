package dev.momentum.commitment.api;

/** No commitment with this id in the caller's tenant. */
class CommitmentNotFoundException extends RuntimeException {

    CommitmentNotFoundException(String commitmentId) {
        super("commitment " + commitmentId + " does not exist");
    }
}
