package dev.momentum.cli;

import java.io.PrintStream;

/** A progress bar with rate and ETA on a terminal; a line every few seconds otherwise. */
public final class Progress {

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final long startedAt = System.nanoTime();
    private long done;
    private long lastPrinted;

    public Progress(String label, long total, PrintStream out) {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    public synchronized void advance(long count) {
        done += count;
        long now = System.nanoTime();
        if (done >= total || now - lastPrinted > (terminal ? 200_000_000L : 5_000_000_000L)) {
            lastPrinted = now;
            print(now);
        }
    }

    public synchronized void finish() {
        print(System.nanoTime());
        if (terminal) {
            out.println();
        }
    }

    public double seconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    private void print(long now) {
        double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
        double rate = done / seconds;
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * Math.min(1.0, (double) done / total));
        String line = String.format("%-22s [%s%s] %,d/%,d  %,.0f/s  ETA %ds", label, "#".repeat(filled),
                " ".repeat(width - filled), done, total, rate, eta);
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }
}
