package dev.momentum.analytics.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The statistics of a stall driver, pure functions of the 2x2 table of a pattern k within its stage:
 *
 * <pre>
 *                 stalled   not stalled
 *   k missed         a        n1 - a       (n1 visits)
 *   k not missed     c        n0 - c       (n0 visits)
 * </pre>
 *
 * <ul>
 *   <li>{@code stallRateWithout} = c / n0;
 *   <li>{@code relativeRisk} = (a / n1) / (c / n0);
 *   <li>{@code ci95} = exp(ln RR -+ 1.959964 * sqrt(1/a - 1/n1 + 1/c - 1/n0)) (Katz log interval);
 *   <li>when any of a, n1 - a, c, n0 - c is 0, 0.5 is added to each of the four cells for {@code relativeRisk}
 *       and {@code ci95} (so n1 and n0 grow by 1);
 *   <li>{@code pValue}: two-sided Fisher exact test, the sum of the probabilities of every table with the same
 *       margins that is at most as likely as the observed one (relative tolerance 1e-7, as R's fisher.test);
 *   <li>all of them {@code null} when n0 = 0 (or n1 = 0).
 * </ul>
 */
public final class StallStatistics {

    public static final double Z95 = 1.959964;
    /** R's fisher.test: tables within this relative distance of the observed one count as "as likely". */
    static final double RELATIVE_TOLERANCE = 1e-7;

    /** The figures of one table; every field null when undefined. */
    public record Driver(Double stallRateWithout, Double relativeRisk, List<Double> ci95, Double pValue) {

        public Double ci95Low() {
            return ci95 == null ? null : ci95.get(0);
        }
    }

    private StallStatistics() {
    }

    public static Driver driver(long a, long n1, long c, long n0) {
        check(a, n1, c, n0);
        if (n0 == 0 || n1 == 0) {
            return new Driver(null, null, null, null);
        }
        double ca = a;
        double cb = n1 - a;
        double cc = c;
        double cd = n0 - c;
        if (a == 0 || n1 - a == 0 || c == 0 || n0 - c == 0) {
            ca += 0.5;
            cb += 0.5;
            cc += 0.5;
            cd += 0.5;
        }
        double m1 = ca + cb;
        double m0 = cc + cd;
        double rr = (ca / m1) / (cc / m0);
        double se = Math.sqrt(1 / ca - 1 / m1 + 1 / cc - 1 / m0);
        double ln = Math.log(rr);
        List<Double> ci = List.of(Math.exp(ln - Z95 * se), Math.exp(ln + Z95 * se));
        return new Driver((double) c / n0, rr, ci, fisherTwoSided(a, n1 - a, c, n0 - c));
    }

    /**
     * Two-sided Fisher exact p-value of [[x11, x12], [x21, x22]]: with the margins fixed, x11 is hypergeometric;
     * the p-value sums the probabilities of the x11 values at most as likely as the observed one.
     */
    public static double fisherTwoSided(long x11, long x12, long x21, long x22) {
        check(x11, x11 + x12, x21, x21 + x22);
        long row1 = x11 + x12;
        long row2 = x21 + x22;
        long col1 = x11 + x21;
        long lo = Math.max(0, col1 - row2);
        long hi = Math.min(row1, col1);
        if (lo == hi) {
            return 1.0;
        }
        // log of the unnormalised probabilities, by the ratio p(x+1)/p(x), starting from 0 at x = lo
        int size = (int) (hi - lo + 1);
        double[] log = new double[size];
        for (int i = 1; i < size; i++) {
            long x = lo + i - 1;
            log[i] = log[i - 1] + Math.log((double) (row1 - x) * (col1 - x)) - Math.log((double) (x + 1) * (row2 - col1 + x + 1));
        }
        double max = Arrays.stream(log).max().orElseThrow();
        double total = 0;
        for (double l : log) {
            total += Math.exp(l - max);
        }
        double observed = log[(int) (x11 - lo)];
        double limit = observed + Math.log1p(RELATIVE_TOLERANCE);
        double sum = 0;
        for (double l : log) {
            if (l <= limit) {
                sum += Math.exp(l - max);
            }
        }
        return Math.min(1.0, sum / total);
    }

    /**
     * Benjamini-Hochberg adjusted p-values (q-values), in the order given: q(i) = min over the p-values ranked at
     * or after i of p * m / rank, at most 1; m = the number of non-null p-values; null stays null.
     */
    public static List<Double> benjaminiHochberg(List<Double> pValues) {
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < pValues.size(); i++) {
            if (pValues.get(i) != null) {
                ranked.add(i);
            }
        }
        ranked.sort(Comparator.comparing(pValues::get));
        int m = ranked.size();
        Double[] q = new Double[pValues.size()];
        double running = 1.0;
        for (int r = m; r >= 1; r--) {
            int i = ranked.get(r - 1);
            running = Math.min(running, pValues.get(i) * m / r);
            q[i] = running;
        }
        return Arrays.asList(q);
    }

    private static void check(long a, long n1, long c, long n0) {
        if (a < 0 || c < 0 || a > n1 || c > n0) {
            throw new IllegalArgumentException("not a 2x2 table: a=" + a + " n1=" + n1 + " c=" + c + " n0=" + n0);
        }
    }
}
