package org.edusync.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.edusync.EdusyncServer;
import org.edusync.ServerConfig;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.OidcIssuerConfig;
import org.edusync.http.GraphLimits;
import org.edusync.sync.SyncEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Starts the server: embedded SQLite in <data>/edusync.db unless --db names a PostgreSQL URL.")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:EDUSYNC_PORT:-8080}", description = "HTTP port (env EDUSYNC_PORT; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "${env:EDUSYNC_HOST:-0.0.0.0}", description = "interface to listen on (env EDUSYNC_HOST; default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data", defaultValue = "${env:EDUSYNC_DATA:-./data}", description = "data folder (env EDUSYNC_DATA; default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--db", defaultValue = "${env:EDUSYNC_DB}", description = "jdbc:postgresql://... to use PostgreSQL (env EDUSYNC_DB)")
    String db;

    @Option(names = "--public-url", defaultValue = "${env:EDUSYNC_PUBLIC_URL}",
            description = "URL clients reach the server at, e.g. https://sds.example.edu:443 (env EDUSYNC_PUBLIC_URL)")
    String publicUrl;

    @Option(names = "--oidc-issuer", defaultValue = "${env:EDUSYNC_OIDC_ISSUER}", description = "trusted OpenID Connect issuer (env EDUSYNC_OIDC_ISSUER)")
    String oidcIssuer;

    @Option(names = "--oidc-jwks-url", defaultValue = "${env:EDUSYNC_OIDC_JWKS_URL}", description = "its JWKS URL (env EDUSYNC_OIDC_JWKS_URL)")
    String oidcJwksUrl;

    @Option(names = "--oidc-audience", defaultValue = "${env:EDUSYNC_OIDC_AUDIENCE}", description = "the audience its tokens carry (env EDUSYNC_OIDC_AUDIENCE)")
    String oidcAudience;

    @Option(names = "--max-unlink-percent", defaultValue = "${env:EDUSYNC_MAX_UNLINK_PERCENT:-20}",
            description = "a run that would unlink more of any entity stops in validationError until resume (env EDUSYNC_MAX_UNLINK_PERCENT; default ${DEFAULT-VALUE})")
    double maxUnlinkPercent;

    @Option(names = "--error-limit", defaultValue = "${env:EDUSYNC_ERROR_LIMIT:-15000}",
            description = "errors after which a profile is quarantined (env EDUSYNC_ERROR_LIMIT; default ${DEFAULT-VALUE})")
    long errorLimit;

    @Option(names = "--run-lease", defaultValue = "${env:EDUSYNC_RUN_LEASE:-60}",
            description = "seconds after which another instance takes over the run of an instance that stopped answering"
                    + " (env EDUSYNC_RUN_LEASE; default ${DEFAULT-VALUE})")
    long runLeaseSeconds;

    @Option(names = "--batch-size", defaultValue = "${env:EDUSYNC_BATCH_SIZE:-20000}",
            description = "records a run writes per transaction (env EDUSYNC_BATCH_SIZE; default ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public Integer call() throws InterruptedException {
        if (maxUnlinkPercent < 0 || maxUnlinkPercent > 100 || errorLimit < 1 || runLeaseSeconds < 5 || batchSize < 1) {
            System.err.println("--max-unlink-percent must be 0-100, --error-limit and --batch-size at least 1, --run-lease at least 5 seconds");
            return 2;
        }
        OidcIssuerConfig oidc = null;
        if (oidcIssuer != null || oidcJwksUrl != null || oidcAudience != null) {
            if (oidcIssuer == null || oidcJwksUrl == null || oidcAudience == null) {
                System.err.println("--oidc-issuer, --oidc-jwks-url and --oidc-audience go together; give all three or none");
                return 2;
            }
            oidc = new OidcIssuerConfig(oidcIssuer, URI.create(oidcJwksUrl), oidcAudience);
        }
        ServerConfig config = new ServerConfig(host, port, data, db, publicUrl, oidc, GraphLimits.DEFAULTS,
                new SyncEngine.Settings(batchSize, maxUnlinkPercent / 100, errorLimit, Duration.ofSeconds(runLeaseSeconds),
                        SyncEngine.Settings.DEFAULTS.pollInterval()));
        EdusyncServer server = EdusyncServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "edusync-shutdown"));
        String base = publicUrl != null ? publicUrl.replaceAll("/$", "") : "http://localhost:" + server.port();
        System.out.println("edusync is ready: " + base + "/beta  (" + (db == null ? "SQLite in " + data.resolve("edusync.db") : "PostgreSQL") + ")");
        System.out.println("Get a development token:  ./edusync token" + (data.equals(Path.of("./data")) ? "" : " --data " + data));
        System.out.println("Tenant of that token:     " + DevIssuer.openOrCreate(data).defaultTenantId());
        stopped.await();
        return 0;
    }
}
