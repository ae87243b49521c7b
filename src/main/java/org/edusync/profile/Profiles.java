package org.edusync.profile;

import java.time.Clock;
import java.util.Optional;
import org.edusync.http.GraphRouter;
import org.edusync.store.Database;
import org.edusync.store.SecretBox;
import org.edusync.sync.ProfileGateway;
import org.edusync.sync.RunQueue;
import org.edusync.sync.SyncEngine;
import org.edusync.upload.SasSigner;
import org.edusync.upload.UploadedFiles;

/** The profile capability, assembled: its routes and its background worker. */
public final class Profiles implements AutoCloseable {
    private final ProfileRoutes routes;
    private final ProfileWorker worker;
    private final ProfileStore store;
    private final ProfileGateway runGateway;

    public Profiles(Database database, SecretBox secrets, SasSigner sasSigner, UploadedFiles uploadedFiles, RunQueue runs,
                    SyncEngine engine, Clock clock) {
        ProfileJson json = new ProfileJson(secrets);
        this.worker = new ProfileWorker();
        this.store = new ProfileStore(database, json);
        ProfileService service = new ProfileService(store, sasSigner, uploadedFiles, runs, engine, clock, worker::wake);
        this.routes = new ProfileRoutes(service, json);
        worker.start(service);
        this.runGateway = new ProfileRunGateway(store, clock);
    }

    /** The profile side of every run, for the sync engine. */
    public ProfileGateway runGateway() {
        return runGateway;
    }

    public void registerRoutes(GraphRouter router) {
        routes.register(router);
    }

    /** For the blob endpoint: the tenant owning the CSV profile {@code profileId} (its upload container), if it accepts files. */
    public Optional<String> tenantOfCsvProfile(String profileId) {
        return store.tenantOfCsvProfile(profileId);
    }

    @Override
    public void close() {
        worker.close();
    }
}
