package org.edusync.profile;

import java.time.Clock;
import org.edusync.http.GraphRouter;
import org.edusync.store.Database;
import org.edusync.store.SecretBox;
import org.edusync.upload.SasSigner;

/** The profile capability, assembled: its routes and its background worker. */
public final class Profiles implements AutoCloseable {
    private final ProfileRoutes routes;
    private final ProfileWorker worker;

    public Profiles(Database database, SecretBox secrets, SasSigner sasSigner, Clock clock) {
        ProfileJson json = new ProfileJson(secrets);
        this.worker = new ProfileWorker();
        ProfileService service = new ProfileService(new ProfileStore(database, json), sasSigner, clock, worker::wake);
        this.routes = new ProfileRoutes(service, json);
        worker.start(service);
    }

    public void registerRoutes(GraphRouter router) {
        routes.register(router);
    }

    @Override
    public void close() {
        worker.close();
    }
}
