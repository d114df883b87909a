package dev.momentum.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StallStatisticsTest {

    /** Values printed by R's fisher.test and SciPy's fisher_exact (same definition). */
    @Test
    void fisherMatchesReferenceValues() {
        // R: fisher.test(matrix(c(3,1,1,3),2))$p.value = 0.4857143
        assertThat(StallStatistics.fisherTwoSided(3, 1, 1, 3)).isCloseTo(0.48571428571428565, within(1e-12));
        // R: fisher.test(matrix(c(10,2,3,15),2))$p.value = 0.0005367241 (column-major: [[10,3],[2,15]])
        assertThat(StallStatistics.fisherTwoSided(10, 3, 2, 15)).isCloseTo(0.0005367241191434357, within(1e-13));
        // SciPy fisher_exact
        assertRelative(StallStatistics.fisherTwoSided(45, 15, 18, 105), 1.081353112090883e-15);
        assertRelative(StallStatistics.fisherTwoSided(3, 0, 60, 120), 0.039524011899702505);
        assertRelative(StallStatistics.fisherTwoSided(0, 5, 7, 3), 0.025641025641025637);
        assertRelative(StallStatistics.fisherTwoSided(12, 5, 29, 2), 0.08026855207410463);
        assertRelative(StallStatistics.fisherTwoSided(1, 9, 11, 3), 0.0027594561852200836);
        assertThat(StallStatistics.fisherTwoSided(0, 0, 3, 4)).isEqualTo(1.0);
    }

    /** Against an exact enumeration with big integers (binomial coefficients, no logarithms). */
    @Test
    void fisherMatchesAnExactEnumeration() {
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            int n1 = 1 + random.nextInt(40);
            int n0 = 1 + random.nextInt(120);
            int a = random.nextInt(n1 + 1);
            int c = random.nextInt(n0 + 1);
            double expected = exactFisher(a, n1 - a, c, n0 - c);
            double actual = StallStatistics.fisherTwoSided(a, n1 - a, c, n0 - c);
            assertThat(actual).as("[[%d,%d],[%d,%d]]", a, n1 - a, c, n0 - c)
                    .isCloseTo(expected, within(Math.max(1e-300, expected * 1e-9)));
        }
        // symmetric tables: ties by value must all count (the tolerance)
        assertThat(StallStatistics.fisherTwoSided(5, 5, 5, 5)).isCloseTo(1.0, within(1e-12));
        assertThat(StallStatistics.fisherTwoSided(2, 8, 8, 2)).isCloseTo(exactFisher(2, 8, 8, 2), within(1e-12));
    }

    @Test
    void relativeRiskAndKatzInterval() {
        StallStatistics.Driver planted = StallStatistics.driver(45, 60, 18, 123);
        assertThat(planted.stallRateWithout()).isEqualTo(18.0 / 123);
        assertThat(planted.relativeRisk()).isCloseTo(5.125, within(1e-12));
        assertThat(planted.ci95().get(0)).isCloseTo(3.264131375119766, within(1e-12));
        assertThat(planted.ci95().get(1)).isCloseTo(8.046742603623384, within(1e-12));
        assertThat(planted.pValue()).isCloseTo(1.081353112090883e-15, within(1e-24));
        // a zero cell: 0.5 added to every cell for RR and ci95, not for the rate without nor the p-value
        StallStatistics.Driver corrected = StallStatistics.driver(3, 3, 60, 180);
        assertThat(corrected.stallRateWithout()).isEqualTo(60.0 / 180);
        assertThat(corrected.relativeRisk()).isCloseTo(2.6177685950413223, within(1e-12));
        assertThat(corrected.ci95()).satisfiesExactly(
                lo -> assertThat(lo).isCloseTo(1.713755682050064, within(1e-12)),
                hi -> assertThat(hi).isCloseTo(3.9986519017618236, within(1e-12)));
        assertThat(corrected.pValue()).isCloseTo(exactFisher(3, 0, 60, 120), within(1e-12));
        StallStatistics.Driver small = StallStatistics.driver(10, 13, 2, 17);
        assertThat(small.relativeRisk()).isCloseTo(6.538461538461539, within(1e-12));
        assertThat(small.ci95Low()).isCloseTo(1.7198860384142716, within(1e-12));
        assertThat(small.ci95().get(1)).isCloseTo(24.857158169245647, within(1e-10));
    }

    @Test
    void undefinedWithoutVisitsOutsideThePattern() {
        assertThat(StallStatistics.driver(3, 5, 0, 0)).isEqualTo(new StallStatistics.Driver(null, null, null, null));
        assertThat(StallStatistics.driver(3, 5, 0, 0).ci95Low()).isNull();
    }

    @Test
    void benjaminiHochbergAsSciPy() {
        // scipy.stats.false_discovery_control([0.01, 0.04, 0.03, 0.005, 0.5]) = [0.025, 0.05, 0.05, 0.025, 0.5]
        List<Double> q = StallStatistics.benjaminiHochberg(List.of(0.01, 0.04, 0.03, 0.005, 0.5));
        double[] expected = {0.025, 0.05, 0.05, 0.025, 0.5};
        for (int i = 0; i < expected.length; i++) {
            assertThat(q.get(i)).isCloseTo(expected[i], within(1e-15));
        }
        assertThat(StallStatistics.benjaminiHochberg(Arrays.asList(0.2, null, 0.9))).containsExactly(0.4, null, 0.9);
        assertThat(StallStatistics.benjaminiHochberg(List.of())).isEmpty();
    }

    private static void assertRelative(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(expected * 1e-9));
    }

    /** P = sum over x of C(n1,x) C(n0,s-x) / C(N,s) for the x whose numerator is at most the observed one. */
    static double exactFisher(int a, int b, int c, int d) {
        int n1 = a + b;
        int n0 = c + d;
        int s = a + c;
        BigInteger observed = binomial(n1, a).multiply(binomial(n0, c));
        BigInteger sum = BigInteger.ZERO;
        for (int x = 0; x <= s; x++) {
            if (x > n1 || s - x > n0) {
                continue;
            }
            BigInteger numerator = binomial(n1, x).multiply(binomial(n0, s - x));
            // exact integers: "at most as likely" needs no tolerance here
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
}
