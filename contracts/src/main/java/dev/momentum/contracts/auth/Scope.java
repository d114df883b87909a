package dev.momentum.contracts.auth;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a bearer token may do, as written in its space-separated {@code scope} claim. */
public enum Scope {
    COMMITMENTS_WRITE("commitments:write"),
    COMMITMENTS_READ("commitments:read"),
    DEALS_WRITE("deals:write"),
    DEALS_READ("deals:read"),
    ANALYTICS_READ("analytics:read"),
    ADMIN("admin");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** As written in the claim, e.g. {@code deals:read}. */
    public String value() {
        return value;
    }

    public static Scope of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scope '" + value + "'; known: " + all()));
    }

    /** Every scope, space-separated, as the claim carries them. */
    public static String all() {
        return Arrays.stream(values()).map(Scope::value).collect(Collectors.joining(" "));
    }
}
