package dev.momentum.localstack.process;

import dev.momentum.localstack.StackStartException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Kafka broker classpath and the Elasticsearch zip that Maven fetched for the
 * {@code local-stack-distributions} module, which records their locations as resources.
 */
public final class Distributions {

    private static final String BASE = "dev/momentum/localstack/distributions/";

    private Distributions() {
    }

    public static String kafkaBrokerClasspath() {
        return resource("kafka-broker.classpath");
    }

    /**
     * The Elasticsearch home unpacked under {@code cacheDir}, unpacked once: concurrent callers
     * (several test JVMs) each unpack into a temporary folder and only one rename wins.
     */
    public static Path elasticsearchHome(Path cacheDir) {
        Path zip = Path.of(resource("elasticsearch.zip.location"));
        if (!Files.isRegularFile(zip)) {
            throw new StackStartException("Elasticsearch distribution missing: " + zip
                    + ". Build the project first (./mvnw install -DskipTests) so that Maven fetches it.");
        }
        String folder = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path home = cacheDir.resolve(folder);
        if (Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            return home;
        }
        try {
            Files.createDirectories(cacheDir);
            Path staging = Files.createTempDirectory(cacheDir, folder + ".unpacking-");
            unzip(zip, staging);
            try {
                Files.move(staging.resolve(folder), home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lostTheRace) {
                if (!Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
                    throw lostTheRace;
                }
            } finally {
                deleteTree(staging);
            }
            return home;
        } catch (IOException e) {
            throw new StackStartException("could not unpack " + zip + " into " + cacheDir + ": " + e.getMessage(), e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                // java.util.zip drops the Unix mode: the launch scripts must stay executable.
                if (out.getParent().getFileName().toString().equals("bin")) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new StackStartException("could not delete " + root + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Distributions.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new StackStartException("resource " + BASE + name + " missing: build the"
                        + " local-stack-distributions module first (./mvnw install -DskipTests)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
