package dev.momentum.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The limits of every value the contract carries, in one place: whatever a Momentum API accepts is
 * within them, so every event can be published (JSON, the JSON Schemas), consumed (this jar's codec)
 * and projected (Elasticsearch, whose numbers are doubles and whose dates have four-digit years).
 * The services validate requests against these limits, the JSON Schemas state them where JSON
 * Schema can, and the contract's README documents them for integrators.
 *
 * <ul>
 *   <li><b>Instants</b> are in [{@link #FIRST_INSTANT}, {@link #END_INSTANT}): years 1900 to 8999.
 *       A threshold of less than 999 years (stall inactivity, miss grace) added to such an instant
 *       still has a four-digit year and is before {@code JourneyAssessment.END_OF_TIME}
 *       (9999-12-31T23:59:59Z), which stays beyond every business instant.
 *   <li><b>Dates</b> ({@code expectedCloseOn}) are in [{@link #FIRST_DATE}, {@link #END_DATE}).
 *   <li><b>Amounts</b> are decimals from 0 to less than {@link #AMOUNT_BOUND} (10^15) with at most
 *       {@link #MAX_AMOUNT_SCALE} decimal places and {@link #MAX_AMOUNT_DIGITS} significant digits:
 *       every such decimal is the shortest representation of exactly one double (15 = the decimal
 *       digits a double always keeps), so it survives Elasticsearch's double fields and any JSON
 *       parser that reads numbers as doubles; 4 decimal places cover every ISO 4217 minor unit; and
 *       10^15 leaves room for deals in currencies with small units (10^15 IDR is about 60 billion USD).
 *       Trailing zeros do not count ({@code 48000.00} has 2 significant digits).
 *   <li><b>Text</b> has no control characters (U+0000-U+001F, U+007F-U+009F) and no unpaired
 *       surrogates; only {@linkplain #isPlainText(String, boolean) multi-line} texts (descriptions,
 *       reasons, evidence) may contain tab, line feed and carriage return. Lengths are bounded
 *       (the {@code MAX_*_LENGTH} constants).
 * </ul>
 */
public final class ContractLimits {

    /** The first instant the contract carries (inclusive). */
    public static final Instant FIRST_INSTANT = Instant.parse("1900-01-01T00:00:00Z");
    /** Every instant the contract carries is before this one (exclusive). */
    public static final Instant END_INSTANT = Instant.parse("9000-01-01T00:00:00Z");
    /** The first date the contract carries (inclusive). */
    public static final LocalDate FIRST_DATE = LocalDate.parse("1900-01-01");
    /** Every date the contract carries is before this one (exclusive). */
    public static final LocalDate END_DATE = LocalDate.parse("9000-01-01");

    /** Amounts are less than this (10^15). */
    public static final BigDecimal AMOUNT_BOUND = new BigDecimal("1000000000000000");
    /** At most this many decimal places in an amount. */
    public static final int MAX_AMOUNT_SCALE = 4;
    /** At most this many significant digits in an amount. */
    public static final int MAX_AMOUNT_DIGITS = 15;

    /** Ids (deal, commitment, pipeline): see {@code api.Ids}. */
    public static final int MAX_ID_LENGTH = 64;
    /** Names of deals, accounts, owners and people. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Short labels: segments and stage names. */
    public static final int MAX_LABEL_LENGTH = 100;
    /** Free text: descriptions, reasons, evidence. */
    public static final int MAX_TEXT_LENGTH = 2000;
    /** Stages of a pipeline. */
    public static final int MAX_STAGES = 50;

    /**
     * JSON Schema {@code pattern} (ECMA 262 and java.util.regex alike) of the instants and dates the
     * contract carries: years 1900 to 8999 ({@code format} says the rest).
     */
    public static final String YEAR_PATTERN = "^(19[0-9]{2}|[2-8][0-9]{3})-";
    /**
     * JSON Schema {@code pattern} of single-line text: no control characters. It ends with
     * {@code (?![\s\S])} rather than {@code $}, which in Java also matches before a final line break.
     */
    public static final String PLAIN_TEXT_PATTERN = "^[^\\u0000-\\u001F\\u007F-\\u009F]*(?![\\s\\S])";
    /** JSON Schema {@code pattern} of multi-line text: no control characters but tab, line feed and carriage return. */
    public static final String MULTILINE_TEXT_PATTERN =
            "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*(?![\\s\\S])";
    /** JSON Schema {@code multipleOf} of amounts: 10^-{@link #MAX_AMOUNT_SCALE}. */
    public static final BigDecimal AMOUNT_STEP = BigDecimal.ONE.movePointLeft(MAX_AMOUNT_SCALE);

    private ContractLimits() {
    }

    /** Whether the instant is in [{@link #FIRST_INSTANT}, {@link #END_INSTANT}). */
    public static boolean isContractInstant(Instant instant) {
        return instant != null && !instant.isBefore(FIRST_INSTANT) && instant.isBefore(END_INSTANT);
    }

    /** Whether the date is in [{@link #FIRST_DATE}, {@link #END_DATE}). */
    public static boolean isContractDate(LocalDate date) {
        return date != null && !date.isBefore(FIRST_DATE) && date.isBefore(END_DATE);
    }

    /**
     * Whether the amount is from 0 to less than {@link #AMOUNT_BOUND} with at most
     * {@link #MAX_AMOUNT_SCALE} decimal places and {@link #MAX_AMOUNT_DIGITS} significant digits
     * (trailing zeros do not count).
     */
    public static boolean isContractAmount(BigDecimal amount) {
        if (amount == null || amount.signum() < 0 || amount.compareTo(AMOUNT_BOUND) >= 0) {
            return false;
        }
        if (amount.signum() == 0) {
            return true;
        }
        BigDecimal significant = amount.stripTrailingZeros();
        return significant.scale() <= MAX_AMOUNT_SCALE && significant.precision() <= MAX_AMOUNT_DIGITS;
    }

    /**
     * Whether the text has no control character and no unpaired surrogate; with {@code multiline},
     * tab, line feed and carriage return are allowed.
     */
    public static boolean isPlainText(String text, boolean multiline) {
        if (text == null || !isWellFormed(text)) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the text is well-formed Unicode: no unpaired surrogate, so that it has a UTF-8 form.
     * (JSON Schema patterns cannot say so in every regular expression dialect; {@code
     * ContractSchemas} checks it besides the schemas.)
     */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
