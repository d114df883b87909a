package dev.momentum.cli.command;

import dev.momentum.cli.Credentials;
import dev.momentum.cli.Main;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./momentum token}: a bearer token signed with the local secret, alone on the last line of stdout. */
@Command(name = "token",
        description = "Print a bearer token for tenant T signed with the local secret (all scopes unless --scopes).")
public final class TokenCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--tenant", paramLabel = "T", required = true, description = "the tenant the token is for")
    String tenant;

    @Option(names = "--scopes", paramLabel = "\"S ...\"",
            description = "space-separated, one argument: commitments:write commitments:read deals:write deals:read"
                    + " analytics:read admin (default: all)")
    String scopes;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "ISO-8601, e.g. PT30M, PT8H, P7D (default: PT1H)")
    String ttl;

    /** As {@link Credentials#issue} takes them: only the options given. */
    public Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put("tenant", tenant);
        if (scopes != null) {
            options.put("scopes", scopes);
        }
        if (ttl != null) {
            options.put("ttl", ttl);
        }
        return options;
    }

    @Override
    public Integer call() {
        System.out.println(Credentials.issue(options(), Main.home(), Instant.now()));
        return 0;
    }
}
