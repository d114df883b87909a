package dev.momentum.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.momentum.localstack.StackStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local JWT secret {@code ./momentum up} hands to the services. */
class JwtSecretTest {

    @TempDir
    Path home;

    @Test
    void theFirstUpGeneratesA256BitSecretOnlyTheOwnerCanRead() throws Exception {
        String secret = Launcher.jwtSecret(home.resolve("momentum-home"));

        Path file = home.resolve("momentum-home/jwt-secret");
        assertThat(Base64.getDecoder().decode(secret)).hasSize(32);
        assertThat(Files.readString(file).trim()).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void laterRunsKeepTheSecretSoIssuedTokensStayValid() {
        String first = Launcher.jwtSecret(home);

        assertThat(Launcher.jwtSecret(home)).isEqualTo(first);
    }

    @Test
    void aDamagedSecretFileStopsTheStartWithWhatToDo() throws Exception {
        Files.writeString(home.resolve("jwt-secret"), "c2hvcnQ=");

        assertThatThrownBy(() -> Launcher.jwtSecret(home)).isInstanceOf(StackStartException.class)
                .hasMessageContaining("holds no usable secret").hasMessageContaining("delete it");
    }
}
