package dev.momentum.deal.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** What a deal is about, as given when it was opened. */
public record DealTerms(String name, String account, String segment, BigDecimal amount, String currency, String owner) {

    public DealTerms {
        Objects.requireNonNull(name, "name");
    }

    /** Equal, with amounts compared by value (100 and 100.00 are the same amount). */
    public boolean sameAs(DealTerms other) {
        return other != null && name.equals(other.name) && Objects.equals(account, other.account)
                && Objects.equals(segment, other.segment) && Objects.equals(currency, other.currency)
                && Objects.equals(owner, other.owner)
                && (amount == null ? other.amount == null : other.amount != null && amount.compareTo(other.amount) == 0);
    }
}
