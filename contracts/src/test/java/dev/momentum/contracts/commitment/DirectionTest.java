package dev.momentum.contracts.commitment;

import static dev.momentum.contracts.commitment.PartySide.BUYER;
import static dev.momentum.contracts.commitment.PartySide.SELLER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirectionTest {

    @Test
    void directionFollowsTheSidesOfMakerAndReceiver() {
        assertThat(Direction.of(BUYER, SELLER)).isEqualTo(Direction.BUYER_TO_SELLER);
        assertThat(Direction.of(BUYER, BUYER)).isEqualTo(Direction.BUYER_INTERNAL);
        assertThat(Direction.of(SELLER, BUYER)).isEqualTo(Direction.SELLER_TO_BUYER);
        assertThat(Direction.of(SELLER, SELLER)).isEqualTo(Direction.SELLER_INTERNAL);
    }

    @Test
    void onlyCommitmentsMadeByTheBuyerAreBuyerCommitments() {
        assertThat(Direction.BUYER_TO_SELLER.isBuyer()).isTrue();
        assertThat(Direction.BUYER_INTERNAL.isBuyer()).isTrue();
        assertThat(Direction.SELLER_TO_BUYER.isBuyer()).isFalse();
        assertThat(Direction.SELLER_INTERNAL.isBuyer()).isFalse();
    }
}
