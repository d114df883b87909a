package dev.momentum.faults;

import dev.momentum.e2e.MomentumSystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The services' errors logged while a fault ran: the evidence next to a failed check. */
final class LogEvidence {

    static final List<String> SERVICES = List.of(MomentumSystem.COMMITMENT_SERVICE, MomentumSystem.DEAL_SERVICE,
            MomentumSystem.ANALYTICS_SERVICE);

    private final MomentumSystem system;
    private final Map<String, Long> offsets = new LinkedHashMap<>();

    /** Marks where the logs end now. */
    LogEvidence(MomentumSystem system) {
        this.system = system;
        for (String service : SERVICES) {
            offsets.put(service, size(system.log(service)));
        }
    }

    /**
     * The distinct ERROR lines (and the first line of the exception after each) logged since, per service, at
     * most {@code perService}, with timestamps cut off so repeats collapse.
     */
    List<String> errors(int perService) {
        List<String> evidence = new ArrayList<>();
        for (String service : SERVICES) {
            Path log = system.log(service);
            Set<String> distinct = new LinkedHashSet<>();
            long count = 0;
            String[] lines = read(log, offsets.get(service)).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (!(line.contains(" ERROR ") || line.contains(" WARN ") && line.contains("Exception"))) {
                    continue;
                }
                count++;
                String message = line.replaceFirst("^\\S+\\s+", "").replaceAll("\\[[^\\]]*\\]", "").replaceAll("\\s+", " ");
                if (i + 1 < lines.length && (lines[i + 1].startsWith("java.") || lines[i + 1].startsWith("org.")
                        || lines[i + 1].contains("Exception"))) {
                    message += " | " + lines[i + 1].trim();
                }
                if (distinct.size() < perService) {
                    distinct.add(Http.shorten(message, 400));
                }
            }
            if (count > 0) {
                evidence.add(service + " log (" + log.getFileName() + "): " + count + " ERROR/exception lines, e.g. "
                        + String.join(" || ", distinct));
            }
        }
        return evidence;
    }

    /** Lines of a service's log since the mark that contain {@code text}. */
    long count(String service, String text) {
        String content = read(system.log(service), offsets.get(service));
        long n = 0;
        for (int i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /** The first line since the mark that contains {@code text}, or null. */
    String first(String service, String text) {
        for (String line : read(system.log(service), offsets.get(service)).split("\n")) {
            if (line.contains(text)) {
                return Http.shorten(line, 400);
            }
        }
        return null;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path file, long from) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.min(from, length);
            // a restarted service appends to the same file; more than 20 MB of errors says enough
            long end = Math.min(length, start + 20_000_000);
            byte[] bytes = new byte[(int) (end - start)];
            raf.seek(start);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
