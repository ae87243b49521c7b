package org.edusync.directory;

import org.edusync.http.GraphRouter;
import org.edusync.store.Database;

/** The education directory as Graph serves it ({@code /education/schools|classes|users}), assembled. */
public final class Directory {
    private final DirectoryRoutes routes;

    public Directory(Database database) {
        this.routes = new DirectoryRoutes(new DirectoryStore(database));
    }

    public void registerRoutes(GraphRouter router) {
        routes.register(router);
    }
}
