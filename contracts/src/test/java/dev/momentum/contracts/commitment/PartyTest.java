package dev.momentum.contracts.commitment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.contracts.json.ContractJson;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PartyTest {

    private final ObjectMapper json = ContractJson.mapper();

    @Test
    void rolesBelongToTheSidesTheSpecGivesThem() {
        assertThat(Arrays.stream(Role.values()).filter(r -> r.isAllowedFor(PartySide.BUYER)))
                .containsExactlyInAnyOrder(
                        Role.CHAMPION, Role.ECONOMIC_BUYER, Role.TEAM, Role.MANAGEMENT,
                        Role.PROCUREMENT, Role.LEGAL, Role.TECHNICAL, Role.OTHER);
        assertThat(Arrays.stream(Role.values()).filter(r -> r.isAllowedFor(PartySide.SELLER)))
                .containsExactlyInAnyOrder(Role.ACCOUNT_EXECUTIVE, Role.SALES_ENGINEER, Role.MANAGEMENT, Role.OTHER);
    }

    @Test
    void unknownRoleDefaultsToOther() {
        assertThat(Party.buyer(null, "Dana Whitfield").role()).isEqualTo(Role.OTHER);
        assertThat(Party.seller(null, null).role()).isEqualTo(Role.OTHER);
    }

    @Test
    void roleMustExistOnThePartysSide() {
        assertThatThrownBy(() -> Party.buyer(Role.SALES_ENGINEER, "Priya Raman"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SALES_ENGINEER");
        assertThatThrownBy(() -> Party.seller(Role.CHAMPION, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Party.buyer(Role.MANAGEMENT, null).side()).isEqualTo(PartySide.BUYER);
        assertThat(Party.seller(Role.MANAGEMENT, null).side()).isEqualTo(PartySide.SELLER);
    }

    @Test
    void sideIsRequired() {
        assertThatThrownBy(() -> new Party(null, Role.OTHER, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void jsonNamesTheSideParty() throws Exception {
        assertThat(json.writeValueAsString(Party.buyer(Role.CHAMPION, "Dana Whitfield")))
                .isEqualTo("{\"party\":\"BUYER\",\"role\":\"CHAMPION\",\"name\":\"Dana Whitfield\"}");
        assertThat(json.readValue("{\"party\":\"SELLER\"}", Party.class)).isEqualTo(Party.seller(Role.OTHER, null));
    }
}
