package dev.momentum.contracts.api;

/** The shape of the ids clients choose (deal, commitment, pipeline ids), the same in every API. */
public final class Ids {

    /** Letters, digits and {@code . _ : -}, 1 to 64 characters. */
    public static final String PATTERN = "[A-Za-z0-9._:-]{1,64}";
    /** What a refused id is told. */
    public static final String MESSAGE = "must be 1-64 characters of letters, digits, '.', '_', ':' or '-'";

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && id.matches(PATTERN);
    }
}
