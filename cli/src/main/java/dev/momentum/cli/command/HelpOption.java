package dev.momentum.cli.command;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command; not picocli's standard pair, whose {@code --version} would print nothing here. */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
}
