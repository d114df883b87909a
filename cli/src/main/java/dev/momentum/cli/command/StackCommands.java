package dev.momentum.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands the {@code ./momentum} script runs itself (they start, stop and watch processes).
 * They are declared here so that their options are parsed, refused and documented like every other
 * command's: the script has their arguments checked with {@code --check} before it acts.
 */
public final class StackCommands {

    private StackCommands() {
    }

    /** Declared for parsing and help only; running one here means it was not called through the script. */
    abstract static class RunByScript implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Override
        public Integer call() {
            throw new IllegalArgumentException("this command is run by ./momentum itself, not by the CLI jar");
        }
    }

    @Command(name = "up",
            description = "Build what is missing, start PostgreSQL, Kafka, Elasticsearch and the services, wait until all"
                    + " are healthy; Ctrl-C stops everything.")
    public static final class Up extends RunByScript {
        @Option(names = "--reset", description = "delete the stored data first (the local JWT secret is kept)")
        boolean reset;
    }

    @Command(name = "down",
            description = "Stop a running Momentum (also one left behind by a killed launcher).")
    public static final class Down extends RunByScript {
    }

    @Command(name = "status",
            description = "What is running and healthy (exit code 0 when everything is).")
    public static final class Status extends RunByScript {
    }

    @Command(name = "logs", description = "Follow a log.")
    public static final class Logs extends RunByScript {
        @Parameters(paramLabel = "NAME", description = "commitment-service, deal-service, analytics-service, postgres, kafka"
                + " or elasticsearch")
        String name;
    }
}
