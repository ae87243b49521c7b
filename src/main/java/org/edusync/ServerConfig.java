package org.edusync;

import java.nio.file.Path;
import java.util.Objects;
import org.edusync.auth.OidcIssuerConfig;
import org.edusync.http.GraphLimits;
import org.edusync.sync.SyncEngine;

/**
 * Everything a server needs to start, with the defaults in sight.
 *
 * @param port        0 picks a free port
 * @param dataDir     the data folder: the SQLite database (unless {@code dbUrl} is set) and the development issuer key
 * @param dbUrl       a {@code jdbc:postgresql:} URL, or null for SQLite in {@code dataDir}
 * @param publicUrl   the URL clients use to reach the server (behind a proxy), or null to take the request's host
 * @param oidc        a trusted OpenID Connect issuer, or null for the development issuer alone
 * @param graphLimits body size and page size limits of the Graph API
 * @param sync        batch size, mass-removal threshold, error cap and lease of sync runs
 */
public record ServerConfig(String host, int port, Path dataDir, String dbUrl, String publicUrl, OidcIssuerConfig oidc,
                           GraphLimits graphLimits, SyncEngine.Settings sync) {
    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir must not be null");
        Objects.requireNonNull(graphLimits, "graphLimits must not be null");
        Objects.requireNonNull(sync, "sync must not be null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (publicUrl != null && !publicUrl.matches("(?i)^https?://[^/?#]+/?$")) {
            throw new IllegalArgumentException("--public-url must be http(s)://host[:port] with no path, was '" + publicUrl + "'");
        }
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("0.0.0.0", 8080, dataDir, null, null, null, GraphLimits.DEFAULTS, SyncEngine.Settings.DEFAULTS);
    }

    @Override
    public String toString() {
        // No secrets live here, but the database URL may carry a password.
        String db = dbUrl == null ? "sqlite:" + dataDir.resolve("edusync.db") : dbUrl.replaceAll("password=[^&]*", "password=****");
        return "ServerConfig[host=" + host + ", port=" + port + ", data=" + dataDir + ", db=" + db + ", publicUrl=" + publicUrl
                + ", oidc=" + oidc + ", limits=" + graphLimits + ", sync=" + sync + "]";
    }
}
