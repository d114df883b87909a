package dev.momentum.support.tenant;

/**
 * The tenant a request acts for. Until authentication lands every request belongs to
 * {@code default}; then the tenant comes from the token, and only this class changes.
 */
public class CurrentTenant {

    public static final String DEFAULT = "default";

    public String id() {
        return DEFAULT;
    }
}
