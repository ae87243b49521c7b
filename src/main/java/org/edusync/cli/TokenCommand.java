package org.edusync.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.TokenRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a JWT signed by the local development issuer whose key lives in <data>.")
final class TokenCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--data", defaultValue = "${env:EDUSYNC_DATA:-./data}", description = "data folder (env EDUSYNC_DATA; default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--tenant", defaultValue = "${env:EDUSYNC_TENANT}", description = "tenant id (tid); default: the data folder's default tenant")
    String tenant;

    @Option(names = "--scopes", defaultValue = "${env:EDUSYNC_SCOPES}",
            description = "space-separated permissions; default: EduAdministration.ReadWrite EduRoster.ReadWrite (with --app: the .All roles)")
    String scopes;

    @Option(names = "--app", description = "an application token (roles, no scp)")
    boolean app;

    @Option(names = "--ttl", defaultValue = "${env:EDUSYNC_TOKEN_TTL:-3600}", description = "lifetime in seconds (default ${DEFAULT-VALUE})")
    long ttlSeconds;

    @Override
    public Integer call() {
        if (ttlSeconds <= 0) {
            System.err.println("--ttl must be a positive number of seconds, was " + ttlSeconds);
            return 2;
        }
        List<String> permissions = scopes == null || scopes.isBlank() ? null : Arrays.asList(scopes.trim().split("\\s+"));
        DevIssuer issuer = DevIssuer.openOrCreate(data);
        System.out.println(issuer.issue(new TokenRequest(tenant, permissions, app, Duration.ofSeconds(ttlSeconds), null)));
        return 0;
    }
}
