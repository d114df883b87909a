package dev.momentum.analytics.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stall-driver figures written independently of the service's {@code StallStatistics}: the textbook
 * formulas, and the Fisher p-value by exact enumeration with big integers.
 */
public final class ReferenceStatistics {

    private ReferenceStatistics() {
    }

    /** {stallRateWithout, relativeRisk, ciLow, ciHigh, pValue}, or null when n0 = 0. */
    public static double[] driver(long a, long n1, long c, long n0) {
        if (n0 == 0) {
            return null;
        }
        double[] cells = {a, n1 - a, c, n0 - c};
        if (Arrays.stream(cells).anyMatch(x -> x == 0)) {
            for (int i = 0; i < 4; i++) {
                cells[i] += 0.5;
            }
        }
        double r1 = cells[0] / (cells[0] + cells[1]);
        double r0 = cells[2] / (cells[2] + cells[3]);
        double rr = r1 / r0;
        double se = Math.sqrt(1 / cells[0] - 1 / (cells[0] + cells[1]) + 1 / cells[2] - 1 / (cells[2] + cells[3]));
        return new double[] {(double) c / n0, rr, rr * Math.exp(-1.959964 * se), rr * Math.exp(1.959964 * se),
                fisher((int) a, (int) (n1 - a), (int) c, (int) (n0 - c))};
    }

    /** Two-sided Fisher: sum of C(n1,x)C(n0,s-x)/C(N,s) over the x whose numerator is at most the observed one. */
    public static double fisher(int a, int b, int c, int d) {
        int n1 = a + b;
        int n0 = c + d;
        int s = a + c;
        BigInteger observed = binomial(n1, a).multiply(binomial(n0, c));
        BigInteger sum = BigInteger.ZERO;
        for (int x = Math.max(0, s - n0); x <= Math.min(s, n1); x++) {
            BigInteger numerator = binomial(n1, x).multiply(binomial(n0, s - x));
            if (numerator.compareTo(observed) <= 0) {
                sum = sum.add(numerator);
            }
        }
        return new BigDecimal(sum).divide(new BigDecimal(binomial(n1 + n0, s)), MathContext.DECIMAL128).doubleValue();
    }

    static BigInteger binomial(int n, int k) {
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return r;
    }

    /** Benjamini-Hochberg by its definition: q_i = min over j with p_j >= p_i of p_j * m / rank(j). */
    public static List<Double> benjaminiHochberg(List<Double> p) {
        List<Double> present = p.stream().filter(x -> x != null).sorted().toList();
        int m = present.size();
        List<Double> q = new ArrayList<>();
        for (Double pi : p) {
            if (pi == null) {
                q.add(null);
                continue;
            }
            double best = 1.0;
            for (int j = 0; j < m; j++) {
                if (present.get(j) >= pi) {
                    // rank of the last equal value: ties share the largest rank
                    int rank = j + 1;
                    while (rank < m && present.get(rank).equals(present.get(j))) {
                        rank++;
                    }
                    best = Math.min(best, present.get(j) * m / rank);
                }
            }
            q.add(best);
        }
        return q;
    }
}
