package org.edusync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.edusync.auth.DevIssuer;
import org.edusync.auth.TokenVerifier;
import org.edusync.directory.Directory;
import org.edusync.http.GraphErrors;
import org.edusync.http.GraphException;
import org.edusync.http.GraphJson;
import org.edusync.http.GraphRouter;
import org.edusync.http.JettyErrors;
import org.edusync.http.RequestIds;
import org.edusync.profile.Profiles;
import org.edusync.store.Database;
import org.edusync.store.DatabaseOutage;
import org.edusync.store.SecretBox;
import org.edusync.store.ServerKeys;
import org.edusync.sync.RunQueue;
import org.edusync.sync.SyncEngine;
import org.edusync.upload.BlobEndpoint;
import org.edusync.upload.SasSigner;
import org.edusync.upload.UploadedFiles;

/** The whole object graph of a running server, wired by hand in one place. */
public final class EdusyncServer implements AutoCloseable {
    private final Database database;
    private final SyncEngine engine;
    private final Profiles profiles;
    private final Javalin app;

    private EdusyncServer(Database database, SyncEngine engine, Profiles profiles, Javalin app) {
        this.database = database;
        this.engine = engine;
        this.profiles = profiles;
        this.app = app;
    }

    public static EdusyncServer start(ServerConfig config) {
        Database database = Database.open(config.dataDir(), config.dbUrl());
        Profiles profiles = null;
        SyncEngine engine = null;
        try {
            ServerKeys keys = new ServerKeys(database);
            SecretBox secrets = new SecretBox(keys.getOrCreate("secret-encryption", 32));
            SasSigner sasSigner = new SasSigner(keys.getOrCreate("sas-signing", 32));
            TokenVerifier tokens = new TokenVerifier(DevIssuer.openOrCreate(config.dataDir()), config.oidc());

            UploadedFiles uploadedFiles = new UploadedFiles(database, Clock.systemUTC());
            RunQueue runs = new RunQueue(database, Clock.systemUTC());
            engine = new SyncEngine(database, runs, uploadedFiles, Clock.systemUTC(), config.sync());
            profiles = new Profiles(database, secrets, sasSigner, uploadedFiles, runs, engine, Clock.systemUTC());
            engine.start(profiles.runGateway());
            BlobEndpoint blobs = new BlobEndpoint(sasSigner, profiles::tenantOfCsvProfile, uploadedFiles, Clock.systemUTC());
            GraphRouter graph = new GraphRouter(tokens, config.publicUrl(), config.graphLimits());
            profiles.registerRoutes(graph);
            new Directory(database).registerRoutes(graph);

            Javalin app = Javalin.create(javalin -> {
                javalin.startup.showJavalinBanner = false;
                javalin.http.maxRequestSize = config.graphLimits().maxJsonBodyBytes();
                javalin.jetty.host = config.host();
                javalin.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
                // Jetty keeps a header line a connection repeats in a per-connection trie, and then matches each
                // request's copy against it byte by byte: for a bearer token of about 1 KB (the development token;
                // Entra's are longer than the cache holds) that cost more than parsing the line afresh.
                javalin.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
                // Javalin tests a response's type against its excluded types (substring, ignoring case) before
                // writing it unless the type is listed as allowed: listing the types of Graph's answers skips that
                // scan and compresses exactly what it compressed before (none of them is excluded).
                javalin.http.compressionStrategy.setAllowedMimeTypes(withAll(javalin.http.compressionStrategy.getAllowedMimeTypes(),
                        GraphJson.CONTENT_TYPE, "application/json"));
                javalin.routes.before(RequestIds::assign);
                javalin.routes.get("/health", ctx -> health(ctx, database));
                for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
                    javalin.routes.addHttpHandler(method, GraphRouter.PREFIX + "*", graph::dispatch);
                }
                // the upload container of uploadUrl: Azure Blob protocol, SAS instead of a bearer token
                for (HandlerType method : BlobEndpoint.METHODS) {
                    javalin.routes.addHttpHandler(method, BlobEndpoint.PATH, blobs::handle);
                }
                javalin.routes.exception(GraphException.class, GraphErrors::handleGraph);
                javalin.routes.exception(HttpResponseException.class, GraphErrors::handleJavalin);
                // Javalin signals an unrouted path by throwing; answer it with the message that points at /beta
                javalin.routes.exception(io.javalin.router.EndpointNotFound.class,
                        (e, ctx) -> GraphErrors.write(ctx, 404, "ResourceNotFound", notFoundMessage(ctx.path()), null));
                javalin.routes.exception(Exception.class, GraphErrors::handleUnexpected);
                javalin.routes.error(404, ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                        GraphErrors.write(ctx, 404, "ResourceNotFound", notFoundMessage(ctx.path()), null);
                    }
                });
                javalin.routes.error(405, ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                        GraphErrors.write(ctx, 405, "MethodNotAllowed", "The method " + ctx.method() + " is not allowed on " + ctx.path(), null);
                    }
                });
            }).start(config.port());
            return new EdusyncServer(database, engine, profiles, app);
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            if (profiles != null) {
                profiles.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * 200 {@code {"status":"ok"}} while the database answers; 503 with {@code Retry-After} and what is wrong while it
     * does not, so a load balancer takes the instance out until it recovers (no restart needed).
     */
    private static void health(Context ctx, Database database) {
        DatabaseOutage outage = database.outage();
        if (outage == null) {
            ctx.json(java.util.Map.of("status", "ok"));
            return;
        }
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        body.put("status", "unavailable");
        body.put("database", outage.name().toLowerCase(java.util.Locale.ROOT));
        body.put("message", outage.message());
        ctx.status(503);
        ctx.header("Retry-After", Integer.toString(outage.retryAfterSeconds()));
        ctx.contentType("application/json");
        ctx.result(body.toString());
    }

    private static List<String> withAll(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }

    private static String notFoundMessage(String path) {
        if (path.toLowerCase(java.util.Locale.ROOT).startsWith("/v1.0")) {
            return "The synchronizationProfiles API exists only on beta: use " + path.replaceFirst("(?i)^/v1\\.0", "/beta");
        }
        return "No resource at " + path + "; the Graph API is served under /beta";
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        engine.close();
        profiles.close();
        database.close();
    }
}
