package dev.momentum.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.momentum.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How ./momentum reads its arguments: what it does not know is a usage error (exit code 2) with a
 * hint, never a guess. No test here reaches a service: each error stops the command before it acts,
 * and the URLs point at a closed port so a command that did act would fail with exit code 1.
 */
class CommandLineTest {

    private static final String CLOSED = "http://127.0.0.1:9";
    private static final String EXPORT = Path.of("src/test/resources/crm-dirty").toString();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void aMisspelledOptionIsAUsageErrorNamingItAndTheOptionMeant() {
        int exit = run("import-crm", EXPORT, "--tenat", "acme", "--deal-url", CLOSED);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option").contains("'--tenat'").contains("Possible solutions: --tenant")
                .contains("./momentum import-crm --help");
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        assertThat(run("report", "--format")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter for option '--format'");
    }

    @Test
    void aTrailingOptionWithoutAValueIsAnErrorNotAPositionalArgument() {
        int exit = run("import-crm", EXPORT, "--tenant");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'--tenant'").contains("Usage: momentum import-crm");
    }

    @Test
    void anOptionIsNotTakenAsTheValueOfTheOptionBeforeIt() {
        assertThat(run("simulate", "--tenant", "--seed", "7")).isEqualTo(2);
        assertThat(err.toString()).contains("--tenant");
    }

    @Test
    void aValueOfTheWrongKindIsAUsageError() {
        assertThat(run("simulate", "--deals", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("'many' is not an int");
        assertThat(run("report", "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("table, json, csv");
    }

    @Test
    void aMissingDirectoryOrTenantIsAUsageError() {
        assertThat(run("import-crm", "--tenant", "acme")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'DIR'");
        assertThat(run("token")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--tenant=T'");
    }

    @Test
    void reloadIsAFlagWithoutAValue() {
        ParseResult parsed = Main.commandLine().parseArgs("demo", "--reload", "--tenant", "acme");

        DemoCommand demo = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(demo.reload).isTrue();
        assertThat(demo.api.tenant()).isEqualTo("acme");
        assertThat(Main.commandLine().<ParseResult>parseArgs("demo").subcommand().matchedOptions()).isEmpty();
        assertThat(run("demo", "--reload", "true")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 2: 'true'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "up", "down", "status", "logs", "token", "simulate", "import-crm", "report"})
    void everyCommandHasItsHelp(String command) {
        assertThat(run(command, "--help")).isZero();

        assertThat(out.toString()).startsWith("Usage: momentum " + command).contains("--help");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theHelpOfTheApiCommandsListsTheSharedOptions() {
        for (String command : List.of("demo", "simulate", "import-crm", "report")) {
            out.getBuffer().setLength(0);
            run(command, "--help");
            assertThat(out.toString()).as(command).contains("--tenant=T", "--token=JWT", "--deal-url=URL");
        }
    }

    @Test
    void theCommandsTheScriptRunsAreCheckedWithoutRunning() {
        assertThat(check("up", "--reset")).isEqualTo(Main.CHECK_PASSED);
        assertThat(check("demo", "--reset", "--reload", "--tenant", "acme")).isEqualTo(Main.CHECK_PASSED);
        assertThat(check("up", "--rest")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--rest'").contains("--reset");
        assertThat(check("down", "now")).isEqualTo(2);
        assertThat(check("up", "--help")).isEqualTo(Main.CHECK_HELP_SHOWN);
        assertThat(out.toString()).startsWith("Usage: momentum up");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("imports-crm", EXPORT)).isEqualTo(2);
        assertThat(err.toString()).contains("import-crm");
    }

    private int check(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return Main.check(commandLine, args);
    }
}
