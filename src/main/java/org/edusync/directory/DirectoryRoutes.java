package org.edusync.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.edusync.auth.Access;
import org.edusync.http.GraphException;
import org.edusync.http.GraphRequest;
import org.edusync.http.GraphRouter;
import org.edusync.http.ODataQuery;

/** The {@code /education/schools|classes|users} surface and its navigations: parse, read the store, answer. */
final class DirectoryRoutes {
    private static final String FACULTY = EducationUser.Role.faculty.name();
    private static final String UNKNOWN_FUTURE_VALUE = "unknownFutureValue";

    private final DirectoryStore store;

    DirectoryRoutes(DirectoryStore store) {
        this.store = store;
    }

    void register(GraphRouter router) {
        for (DirectoryResource resource : DirectoryResource.values()) {
            String collection = resource.collectionPath();
            router.get(collection, Access.DIRECTORY_READ, request -> list(request, resource))
                    .get(collection + "/$count", Access.DIRECTORY_READ, request -> count(request, resource))
                    .get(collection + "/{id}", Access.DIRECTORY_READ, request -> get(request, resource));
        }
        for (DirectoryNavigation navigation : DirectoryNavigation.values()) {
            router.get(navigation.template(), Access.DIRECTORY_READ, request -> listLinked(request, navigation))
                    .get(navigation.template() + "/$count", Access.DIRECTORY_READ, request -> countLinked(request, navigation));
        }
        router.post(DirectoryResource.USERS.collectionPath(), Access.DIRECTORY_WRITE, this::createUser);
    }

    private void list(GraphRequest request, DirectoryResource resource) {
        ODataQuery query = request.query(resource.type(), resource.filterable(), resource.sortable());
        respondPage(request, DirectoryStore.Scope.all(resource), query, resource.collectionPath());
    }

    private void count(GraphRequest request, DirectoryResource resource) {
        ODataQuery query = request.query(resource.type(), resource.filterable(), resource.sortable());
        request.respondCount(store.count(request.tenantId(), DirectoryStore.Scope.all(resource), query));
    }

    private void get(GraphRequest request, DirectoryResource resource) {
        ODataQuery query = request.query(resource.type(), Set.of(), Set.of());
        String id = request.param("id");
        String data = store.find(request.tenantId(), resource, id).orElseThrow(() -> notFound(id));
        request.respondEntity(200, resource.collectionPath() + "/$entity", served(resource, data, unknownMembers(request, resource)),
                query.select());
    }

    private void listLinked(GraphRequest request, DirectoryNavigation navigation) {
        String id = requireSource(request, navigation);
        DirectoryResource target = navigation.target();
        ODataQuery query = request.query(target.type(), target.filterable(), target.sortable());
        String context = navigation.source().collectionPath() + "('" + id.replace("'", "''") + "')/" + navigation.property();
        respondPage(request, DirectoryStore.Scope.linkedFrom(navigation, id), query, context);
    }

    private void countLinked(GraphRequest request, DirectoryNavigation navigation) {
        String id = requireSource(request, navigation);
        DirectoryResource target = navigation.target();
        ODataQuery query = request.query(target.type(), target.filterable(), target.sortable());
        request.respondCount(store.count(request.tenantId(), DirectoryStore.Scope.linkedFrom(navigation, id), query));
    }

    /** The navigation's source id; an object the tenant does not have is a 404, not an empty collection. */
    private String requireSource(GraphRequest request, DirectoryNavigation navigation) {
        String id = request.param("id");
        if (!store.exists(request.tenantId(), navigation.source(), id)) {
            throw notFound(id);
        }
        return id;
    }

    /**
     * A page of the scope's objects. Without {@code $select}, the stored JSON of each object is what is served, so its
     * UTF-8 bytes are copied into the answer as they come from the store; only a faculty user whose role this client
     * may not see is parsed, to mask it.
     */
    private void respondPage(GraphRequest request, DirectoryStore.Scope scope, ODataQuery query, String context) {
        int pageSize = request.pageSize(query);
        List<DirectoryStore.StoredObject> page = store.page(request.tenantId(), scope, query, query.skip(), pageSize + 1);
        boolean unknownMembers = unknownMembers(request, scope.target());
        List<DirectoryStore.StoredObject> rows = page.subList(0, Math.min(pageSize, page.size()));
        String nextLink = page.size() > pageSize ? request.nextLink(query, query.skip() + pageSize) : null;
        Long count = query.count() ? store.count(request.tenantId(), scope, query) : null;
        if (query.select().isEmpty()) {
            List<byte[]> items = new ArrayList<>(rows.size());
            for (DirectoryStore.StoredObject row : rows) {
                items.add(row.faculty() && !unknownMembers
                        ? DirectoryJson.write(masked(DirectoryJson.parse(row.json()), false)).getBytes(StandardCharsets.UTF_8)
                        : row.json());
            }
            request.respondCollectionOfJson(context, items, count, nextLink);
            return;
        }
        List<ObjectNode> items = new ArrayList<>(rows.size());
        for (DirectoryStore.StoredObject row : rows) {
            ObjectNode node = DirectoryJson.parse(row.json());
            items.add(scope.target() == DirectoryResource.USERS ? masked(node, unknownMembers) : node);
        }
        request.respondCollection(context, items, query.select(), count, nextLink);
    }

    private void createUser(GraphRequest request) {
        NewUserJson.NewUser created = NewUserJson.read(request.jsonBody(), ObjectIds.newId());
        EducationUser user = created.user();
        if (!store.insertUser(request.tenantId(), user, created.data())) {
            // Entra's answer to a taken UPN: 400 Request_BadRequest with this sentence (there, with an ObjectConflict detail)
            throw new GraphException(400, "Request_BadRequest",
                    "Another object with the same value for property userPrincipalName already exists. (userPrincipalName '"
                            + user.userPrincipalName() + "')");
        }
        request.header("Location", request.serviceRoot() + "/" + DirectoryResource.USERS.collectionPath() + "('" + user.id() + "')");
        request.respondEntity(201, DirectoryResource.USERS.collectionPath() + "/$entity",
                masked(created.data(), request.includeUnknownEnumMembers()), List.of());
    }

    /** Whether the answer may carry evolvable members; asked only where some can occur, as the answer sets a header. */
    private static boolean unknownMembers(GraphRequest request, DirectoryResource resource) {
        return resource == DirectoryResource.USERS && request.includeUnknownEnumMembers();
    }

    /** The stored JSON as this client may see it. */
    private static ObjectNode served(DirectoryResource resource, String data, boolean unknownMembers) {
        ObjectNode node = DirectoryJson.parse(data);
        return resource == DirectoryResource.USERS ? masked(node, unknownMembers) : node;
    }

    /** {@code faculty} is an evolvable member of educationUserRole: sent only to clients that ask for such members. */
    private static ObjectNode masked(ObjectNode user, boolean unknownMembers) {
        if (!unknownMembers && FACULTY.equals(user.path("primaryRole").asText())) {
            user.put("primaryRole", UNKNOWN_FUTURE_VALUE);
        }
        return user;
    }

    /** Entra's wording for an id the tenant does not have (including another tenant's). */
    private static GraphException notFound(String id) {
        return GraphException.notFound("Resource '" + id
                + "' does not exist or one of its queried reference-property objects are not present.");
    }
}
