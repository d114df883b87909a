package dev.momentum.cli.command;

import dev.momentum.cli.Credentials;
import dev.momentum.cli.Progress;
import dev.momentum.client.ImportTally;
import dev.momentum.client.MomentumClient;
import dev.momentum.cli.simulate.JourneySimulator;
import dev.momentum.cli.simulate.Scenario;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./momentum simulate}: generated buyer journeys, loaded through the import APIs. */
@Command(name = "simulate",
        description = "Generate buyer journeys (12 months of history) and load them through the import APIs;"
                + " deterministic for a seed.")
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    static final long DEFAULT_SEED = 42;

    @Option(names = "--deals", paramLabel = "N", description = "how many deals (default: the scenario's)")
    Integer deals;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + DEFAULT_SEED, description = "default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "YAML or JSON: the probabilities, and a cause to plant (default: the built-in scenario)")
    Path scenarioFile;

    @Mixin
    ApiOptions api;

    @Override
    public Integer call() throws IOException {
        Scenario scenario = scenarioFile == null ? Scenario.defaultScenario() : Scenario.load(scenarioFile);
        if (deals != null) {
            scenario = scenario.withDeals(deals);
        }
        Credentials credentials = api.credentials();
        load(api.client(credentials), credentials, scenario, seed, scenarioFile == null ? "default" : scenarioFile.toString());
        return 0;
    }

    /** Generates the histories of the scenario and imports them; refused items make it fail after the tally. */
    static void load(MomentumClient client, Credentials credentials, Scenario scenario, long seed, String scenarioName) {
        JourneySimulator.Histories histories = new JourneySimulator(scenario, seed, Instant.now()).generate();
        System.out.printf("Simulating %d deals with %d commitments for tenant %s (seed %d, scenario %s)%n",
                histories.deals().size(), histories.commitments().size(), credentials.tenant(), seed, scenarioName);
        client.definePipeline(scenario.pipeline().name(), scenario.pipeline().stages());
        ImportTally deals = new ImportTally();
        Progress dealProgress = new Progress("deals", histories.deals().size(), System.out);
        client.importDeals(histories.deals(), deals, dealProgress::advance);
        dealProgress.finish();
        ImportTally commitments = new ImportTally();
        Progress commitmentProgress = new Progress("commitments", histories.commitments().size(), System.out);
        client.importCommitments(histories.commitments(), commitments, commitmentProgress::advance);
        commitmentProgress.finish();
        printTally("deals", deals);
        printTally("commitments", commitments);
        if (deals.refused() + commitments.refused() > 0) {
            throw new IllegalArgumentException("some histories were not imported (see above)");
        }
    }

    static void printTally(String what, ImportTally tally) {
        System.out.printf("  %-12s %s%n", what, tally.byStatus());
        tally.firstErrors().forEach((id, error) -> System.out.printf("    %s: %s%n", id, error));
    }
}
