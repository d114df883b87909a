package dev.momentum.support.testing;

import dev.momentum.contracts.ContractLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Values at, around and between the contract's limits ({@link ContractLimits}), for property
 * tests: what the APIs must accept and what they must refuse. Edges are generated often.
 */
public final class ContractArbitraries {

    private static final long FIRST_SECOND = ContractLimits.FIRST_INSTANT.getEpochSecond();
    private static final long END_SECOND = ContractLimits.END_INSTANT.getEpochSecond();

    private ContractArbitraries() {
    }

    // --- instants and dates ---

    /** Instants the contract carries: edges, near the edges, anywhere, and around now. */
    public static Arbitrary<Instant> instants() {
        Arbitrary<Instant> anywhere = Combinators.combine(Arbitraries.longs().between(FIRST_SECOND, END_SECOND - 1),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        Arbitrary<Instant> nearFirst = Arbitraries.longs().between(0, Duration.ofDays(400).toSeconds())
                .map(ContractLimits.FIRST_INSTANT::plusSeconds);
        Arbitrary<Instant> nearEnd = Arbitraries.longs().between(1, Duration.ofDays(400).toNanos())
                .map(ContractLimits.END_INSTANT::minusNanos);
        Arbitrary<Instant> recent = Arbitraries.longs().between(-Duration.ofDays(3650).toSeconds(), 0)
                .map(seconds -> Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(seconds));
        return Arbitraries.frequencyOf(
                        weighted(1, Arbitraries.of(ContractLimits.FIRST_INSTANT, ContractLimits.END_INSTANT.minusNanos(1),
                                ContractLimits.END_INSTANT.minusMillis(1))),
                        weighted(2, nearFirst), weighted(2, nearEnd), weighted(3, anywhere), weighted(3, recent));
    }

    /** Instants the contract never carries: just outside, far outside, up to the ends of Instant. */
    public static Arbitrary<Instant> instantsOutside() {
        Arbitrary<Instant> before = Arbitraries.longs().between(1, Duration.ofDays(800).toSeconds())
                .map(ContractLimits.FIRST_INSTANT::minusSeconds);
        Arbitrary<Instant> after = Arbitraries.longs().between(0, Duration.ofDays(800_000).toSeconds())
                .map(ContractLimits.END_INSTANT::plusSeconds);
        return Arbitraries.frequencyOf(
                weighted(1, Arbitraries.of(ContractLimits.FIRST_INSTANT.minusNanos(1), ContractLimits.END_INSTANT,
                        Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-01-01T00:00:00Z"),
                        Instant.parse("0000-12-31T23:59:59Z"), Instant.EPOCH.minus(Duration.ofDays(365 * 2000)),
                        Instant.MIN, Instant.MAX)),
                weighted(2, before), weighted(2, after));
    }

    /** Dates the contract carries. */
    public static Arbitrary<LocalDate> dates() {
        long first = ContractLimits.FIRST_DATE.toEpochDay();
        long end = ContractLimits.END_DATE.toEpochDay();
        return Arbitraries.frequencyOf(
                weighted(1, Arbitraries.of(ContractLimits.FIRST_DATE, ContractLimits.END_DATE.minusDays(1))),
                weighted(2, Arbitraries.longs().between(first, first + 400).map(LocalDate::ofEpochDay)),
                weighted(2, Arbitraries.longs().between(end - 400, end - 1).map(LocalDate::ofEpochDay)),
                weighted(3, Arbitraries.longs().between(first, end - 1).map(LocalDate::ofEpochDay)));
    }

    /** Dates the contract never carries. */
    public static Arbitrary<LocalDate> datesOutside() {
        return Arbitraries.frequencyOf(
                weighted(1, Arbitraries.of(ContractLimits.FIRST_DATE.minusDays(1), ContractLimits.END_DATE,
                        LocalDate.parse("+10000-01-01"), LocalDate.parse("-0001-01-01"), LocalDate.MIN, LocalDate.MAX)),
                weighted(2, Arbitraries.longs().between(1, 800).map(ContractLimits.FIRST_DATE::minusDays)),
                weighted(2, Arbitraries.longs().between(0, 800_000).map(ContractLimits.END_DATE::plusDays)));
    }

    // --- amounts ---

    /**
     * Amounts the contract carries: 0 to less than 10^15, at most 4 decimal places and 15
     * significant digits, sometimes written with trailing zeros.
     */
    public static Arbitrary<BigDecimal> amounts() {
        Arbitrary<BigDecimal> significant = Combinators.combine(
                Arbitraries.integers().between(1, ContractLimits.MAX_AMOUNT_DIGITS),
                Arbitraries.integers().between(0, ContractLimits.MAX_AMOUNT_SCALE),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.integers().between(0, 3)).as((digits, scale, random, zeros) -> {
                    BigInteger bound = BigInteger.TEN.pow(digits);
                    BigInteger unscaled = BigInteger.valueOf(random).mod(bound);
                    return new BigDecimal(unscaled, scale).setScale(scale + zeros);
                });
        Arbitrary<BigDecimal> roundThousands = Arbitraries.longs().between(0, 999_999_999_999L)
                .map(thousands -> new BigDecimal(BigInteger.valueOf(thousands), -3));
        return Arbitraries.frequencyOf(
                weighted(1, Arbitraries.of("0", "0.0001", "1", "48000.00", "999999999999999", "99999999999.9999",
                        "123456789012.345", "0.1", "1E+14", "999999999999999.0000").map(BigDecimal::new)),
                weighted(6, significant), weighted(1, roundThousands));
    }

    /** Amounts the contract never carries: negative, 10^15 and more, too many decimals or digits. */
    public static Arbitrary<BigDecimal> amountsOutside() {
        Arbitrary<BigDecimal> tooPrecise = Combinators.combine(Arbitraries.integers().between(16, 30),
                Arbitraries.integers().between(1, 4)).as((digits, scale) -> {
                    // digits significant digits, the last one non-zero, below 10^15 once scaled
                    BigInteger unscaled = BigInteger.TEN.pow(digits - 1).add(BigInteger.ONE);
                    return new BigDecimal(unscaled, Math.max(scale, digits - 15));
                });
        Arbitrary<BigDecimal> tooManyDecimals = Combinators.combine(Arbitraries.longs().between(1, 999_999_999L),
                Arbitraries.integers().between(5, 12)).as((unscaled, scale) -> new BigDecimal(
                        BigInteger.valueOf(unscaled * 10 + 1), scale));
        Arbitrary<BigDecimal> tooLarge = Arbitraries.integers().between(15, 10_000)
                .map(exponent -> BigDecimal.ONE.scaleByPowerOfTen(exponent));
        Arbitrary<BigDecimal> negative = amounts().filter(amount -> amount.signum() > 0).map(BigDecimal::negate);
        return Arbitraries.frequencyOf(
                weighted(1, Arbitraries.of("-0.0001", "1000000000000000", "1E+15", "1E+400", "1E+10000", "1E-10000",
                        "0.00001", "1234567890123456", "12345678901234.56", "1.000000000000001").map(BigDecimal::new)),
                weighted(2, tooPrecise), weighted(2, tooManyDecimals), weighted(2, tooLarge), weighted(1, negative));
    }

    // --- text ---

    /** Single-line text of at most {@code maxLength} UTF-16 units: any character but controls, unpaired surrogates never. */
    public static Arbitrary<String> plainText(int maxLength) {
        return text(0, maxLength, false);
    }

    /** Non-blank single-line text of 1 to {@code maxLength} units. */
    public static Arbitrary<String> plainTextNotBlank(int maxLength) {
        return text(1, maxLength, false).filter(text -> !text.isBlank());
    }

    /** Multi-line text: also tab, line feed and carriage return. */
    public static Arbitrary<String> multilineText(int maxLength) {
        return text(0, maxLength, true);
    }

    /** Text with at least one control character (or unpaired surrogate) somewhere. */
    public static Arbitrary<String> textWithControls(int maxLength, boolean multiline) {
        Arbitrary<String> bad = Arbitraries.oneOf(
                Arbitraries.chars().range('\u0000', '\u001F')
                        .filter(c -> !multiline || (c != '\t' && c != '\n' && c != '\r')).map(String::valueOf),
                Arbitraries.chars().range('\u007F', '\u009F').map(String::valueOf),
                Arbitraries.chars().range('\uD800', '\uDBFF').map(String::valueOf),
                Arbitraries.chars().range('\uDC00', '\uDFFF').map(String::valueOf),
                Arbitraries.of("\u0000"));
        return Combinators.combine(text(0, maxLength - 1, multiline), bad, Arbitraries.integers().between(0, maxLength))
                .as((text, control, at) -> {
                    int position = Math.min(at, text.length());
                    // never right after a high surrogate nor before a low one: the control stays unpaired
                    String before = text.substring(0, position);
                    String after = text.substring(position);
                    if (!before.isEmpty() && Character.isHighSurrogate(before.charAt(before.length() - 1))) {
                        before = before.substring(0, before.length() - 1);
                    }
                    if (!after.isEmpty() && Character.isLowSurrogate(after.charAt(0))) {
                        after = after.substring(1);
                    }
                    String result = before + control + after;
                    return result.length() > maxLength ? control : result;
                });
    }

    private static Arbitrary<String> text(int minLength, int maxLength, boolean multiline) {
        Arbitrary<String> printable = Arbitraries.frequencyOf(
                weighted(10, Arbitraries.chars().range(' ', '~').map(String::valueOf)),
                weighted(3, Arbitraries.chars().range('\u00A0', '\u07FF').map(String::valueOf)),
                weighted(2, Arbitraries.chars().range('\u0800', '\uD7FF').map(String::valueOf)),
                weighted(1, Arbitraries.chars().range('\uE000', '\uFFFF').map(String::valueOf)),
                weighted(1, Arbitraries.of("😀", "🎉", "𝄞", "\u2028", "\u200B", "\uFEFF")));
        Arbitrary<String> character = multiline
                ? Arbitraries.frequencyOf(weighted(8, printable), weighted(1, Arbitraries.of("\n", "\r\n", "\t", "\r")))
                : printable;
        Arbitrary<String> text = character.list().ofMaxSize(Math.max(0, maxLength))
                .map(parts -> String.join("", parts))
                .map(joined -> joined.length() <= maxLength ? joined : trim(joined, maxLength));
        return Arbitraries.frequencyOf(weighted(6, text),
                        weighted(1, Arbitraries.just("x".repeat(Math.max(minLength, maxLength)))),
                        weighted(1, Arbitraries.just(maxLength >= 2 ? "😀".repeat(maxLength / 2) : "x".repeat(minLength))))
                .filter(value -> value.length() >= minLength && value.length() <= maxLength);
    }

    /** Cuts to at most {@code maxLength} units without splitting a surrogate pair. */
    private static String trim(String text, int maxLength) {
        int end = maxLength;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static <T> Tuple2<Integer, Arbitrary<? extends T>> weighted(int frequency, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(frequency, arbitrary);
    }
}
