package dev.momentum.contracts.journey;

import static java.util.Objects.requireNonNull;

import dev.momentum.contracts.commitment.CommitmentCategory;
import dev.momentum.contracts.commitment.Direction;
import dev.momentum.contracts.commitment.Role;

/**
 * What analytics counts missed commitments by: the stage the deal was in, and the commitment's
 * category, direction and maker's role. Its {@link #key()} is how documents store it.
 */
public record MissPattern(String stage, CommitmentCategory category, Direction direction, Role role) {

    private static final String SEPARATOR = "|";

    public MissPattern {
        requireNonNull(stage, "stage");
        requireNonNull(category, "category");
        requireNonNull(direction, "direction");
        requireNonNull(role, "role");
    }

    /** {@code stage|category|direction|role}. */
    public String key() {
        return String.join(SEPARATOR, stage, category.name(), direction.name(), role.name());
    }

    /**
     * The pattern of a {@link #key()}. Read from the right: only the stage, a client's name, can
     * contain the separator.
     */
    public static MissPattern parse(String key) {
        int role = key.lastIndexOf(SEPARATOR);
        int direction = role < 0 ? -1 : key.lastIndexOf(SEPARATOR, role - 1);
        int category = direction < 0 ? -1 : key.lastIndexOf(SEPARATOR, direction - 1);
        if (category < 0) {
            throw new IllegalArgumentException("not a pattern key: " + key);
        }
        return new MissPattern(key.substring(0, category),
                CommitmentCategory.valueOf(key.substring(category + 1, direction)),
                Direction.valueOf(key.substring(direction + 1, role)), Role.valueOf(key.substring(role + 1)));
    }
}
