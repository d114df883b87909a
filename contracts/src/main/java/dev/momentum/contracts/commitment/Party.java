package dev.momentum.contracts.commitment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One end of a commitment: the person who made it or the person it was made to.
 *
 * <p>Serialized as {@code {"party": "BUYER", "role": "CHAMPION", "name": "Dana Whitfield"}}.
 *
 * @param side which side of the deal the person is on (JSON {@code party})
 * @param role the person's role; {@code null} means {@link Role#OTHER}, since the role is often not
 *     known when a commitment is captured
 * @param name the person's name, if known
 */
public record Party(@JsonProperty("party") PartySide side, Role role, String name) {

    public Party {
        Objects.requireNonNull(side, "party side");
        role = role == null ? Role.OTHER : role;
        if (!role.isAllowedFor(side)) {
            throw new IllegalArgumentException("Role " + role + " does not exist on the " + side + " side");
        }
    }

    public static Party buyer(Role role, String name) {
        return new Party(PartySide.BUYER, role, name);
    }

    public static Party seller(Role role, String name) {
        return new Party(PartySide.SELLER, role, name);
    }
}
