package dev.momentum.localstack.process;

import dev.momentum.localstack.StackStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Elasticsearch refuses to run as root. When we are root, it runs as a dedicated system user,
 * created once; as an ordinary user it runs as that user.
 */
public final class SystemUser {

    public static final String ELASTICSEARCH_USER = "momentum-es";

    private SystemUser() {
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Creates the system user unless it exists. */
    public static void ensureExists(String user) {
        if (run(List.of("id", "-u", user)) == 0) {
            return;
        }
        int code = run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", user));
        if (code != 0 && run(List.of("id", "-u", user)) != 0) {
            throw new StackStartException("Elasticsearch cannot run as root and the system user '" + user
                    + "' could not be created (useradd exit code " + code + ")");
        }
    }

    /** Gives {@code user} ownership of {@code dir} and everything in it. */
    public static void chown(String user, Path dir) {
        int code = run(List.of("chown", "-R", user + ":" + user, dir.toString()));
        if (code != 0) {
            throw new StackStartException("could not hand " + dir + " to user " + user + " (chown exit code " + code + ")");
        }
    }

    /** Whether others may traverse every folder from the root down to {@code dir}. */
    public static boolean traversableByOthers(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        return false;
                    }
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor();
        } catch (IOException e) {
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
