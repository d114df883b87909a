package dev.momentum.cli.command;

import dev.momentum.cli.Credentials;
import dev.momentum.cli.Main;
import dev.momentum.cli.Progress;
import dev.momentum.client.ImportTally;
import dev.momentum.client.MomentumClient;
import dev.momentum.cli.crm.CrmExport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./momentum import-crm DIR}: a CRM opportunity export into pipeline {@code crm}; re-running changes nothing. */
@Command(name = "import-crm",
        description = "Import a CRM opportunity export (sales_pipeline.csv, accounts.csv) into pipeline crm; rows it"
                + " cannot place are counted by reason and written to a rejects CSV.")
public final class ImportCrmCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "DIR", description = "the folder with sales_pipeline.csv (and accounts.csv)")
    Path dir;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "where to write the rejected rows (default: MOMENTUM_HOME/reports/crm-rejects-TIME.csv)")
    Path rejects;

    @Mixin
    ApiOptions api;

    @Override
    public Integer call() throws IOException {
        CrmExport.Mapped mapped = CrmExport.read(dir);
        Credentials credentials = api.credentials();
        MomentumClient client = api.client(credentials);
        System.out.printf("Importing %,d of %,d opportunities from %s into pipeline %s of tenant %s%n",
                mapped.deals().size(), mapped.rows(), dir, CrmExport.PIPELINE, credentials.tenant());
        client.definePipeline(CrmExport.PIPELINE, CrmExport.STAGES);
        ImportTally tally = new ImportTally();
        Progress progress = new Progress("opportunities", mapped.deals().size(), System.out);
        client.importDeals(mapped.deals(), tally, progress::advance);
        progress.finish();
        Path rejectsFile = rejects != null ? rejects : Main.home().resolve("reports/crm-rejects-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".csv");
        CrmExport.writeRejects(mapped.rejects(), rejectsFile);
        System.out.printf("%nRead %,d rows; imported in %.1f s%n", mapped.rows(), progress.seconds());
        SimulateCommand.printTally("deals", tally);
        System.out.printf("  rejected: %,d%n", mapped.rejects().size());
        mapped.rejectedByReason().forEach((reason, count) -> System.out.printf("    %-50s %,d%n", reason, count));
        if (!mapped.corrections().isEmpty()) {
            System.out.println("  imported with corrections:");
            mapped.corrections().forEach((what, count) -> System.out.printf("    %-50s %,d%n", what, count));
        }
        System.out.println("  rejected rows: " + rejectsFile.toAbsolutePath());
        return 0;
    }
}
