package dev.momentum.cli;

import dev.momentum.cli.bench.BenchCommand;
import dev.momentum.client.MomentumClientException;
import dev.momentum.cli.command.DemoCommand;
import dev.momentum.cli.command.HelpOption;
import dev.momentum.cli.command.ImportCrmCommand;
import dev.momentum.cli.command.ReportCommand;
import dev.momentum.cli.command.SimulateCommand;
import dev.momentum.cli.command.StackCommands;
import dev.momentum.cli.command.TokenCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code ./momentum}: every command and its options, parsed by picocli. {@code token},
 * {@code simulate}, {@code import-crm}, {@code report} and {@code demo} run here against the public
 * APIs; {@code up}, {@code down}, {@code status} and {@code logs} are run by the script, which has
 * their arguments checked here first ({@code --check}), so that every command refuses what it does
 * not know in the same way: an unknown option or a missing value is a usage error, exit code 2.
 */
@Command(name = "momentum",
        description = "Momentum on one machine: start it, load data through the public APIs, report.",
        footer = {"", "Run ./momentum COMMAND --help for the options of a command."},
        subcommands = {
                DemoCommand.class, StackCommands.Up.class, StackCommands.Down.class, StackCommands.Status.class,
                StackCommands.Logs.class, TokenCommand.class, SimulateCommand.class, ImportCrmCommand.class,
                ReportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** {@code --check}: the arguments are fine, the script may run the command. */
    public static final int CHECK_PASSED = 0;
    /** {@code --check}: help was asked for and printed; the script runs nothing. */
    public static final int CHECK_HELP_SHOWN = 3;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        boolean check = args.length > 0 && args[0].equals("--check");
        CommandLine commandLine = commandLine();
        System.exit(check ? check(commandLine, Arrays.copyOfRange(args, 1, args.length)) : commandLine.execute(args));
    }

    /** The commands with the error handling of {@code ./momentum}; tests set their own out and err. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // "--tenant --tenat" is a missing value, not the tenant "--tenat"
        commandLine.setUnmatchedOptionsAllowedAsOptionParameters(false);
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof MomentumClientException || e instanceof IOException || e instanceof IllegalArgumentException) {
                String hint = e instanceof MomentumClientException api ? hint(api.status()) : "";
                command.getErr().println(command.getCommandName() + " failed: " + e.getMessage() + hint);
                return 1;
            }
            throw e;
        });
        return commandLine;
    }

    /** Parses without running: for the commands the script runs itself. */
    public static int check(CommandLine commandLine, String[] args) {
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            return CommandLine.printHelpIfRequested(parsed) ? CHECK_HELP_SHOWN : CHECK_PASSED;
        } catch (ParameterException e) {
            return usageError(e, args);
        }
    }

    /** The error, a suggestion for a misspelled option, and where the options are listed; not the whole usage. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Usage: " + command.getHelp().synopsis(0).trim());
        err.println("Try './" + command.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Where ./momentum keeps the local JWT secret and reports (MOMENTUM_HOME, passed by the script). */
    public static Path home() {
        return Path.of(System.getProperty("momentum.home", ".momentum"));
    }

    /** What to do about a refused token; the services' detail says what was wrong with it. */
    static String hint(int status) {
        return switch (status) {
            case 0 -> "\n  No answer: is Momentum running? ./momentum up";
            case 401 -> "\n  Tokens of ./momentum are signed with the secret in MOMENTUM_HOME/jwt-secret and accepted by the"
                    + " services ./momentum up started with it; for another deployment pass --token or set MOMENTUM_TOKEN.";
            case 403 -> "\n  The token lacks a scope this command needs; without --token or MOMENTUM_TOKEN the CLI uses one"
                    + " with every scope.";
            default -> "";
        };
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }
}
