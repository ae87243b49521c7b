package org.edusync.profile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.edusync.auth.Access;
import org.edusync.http.GraphException;
import org.edusync.http.GraphJson;
import org.edusync.http.GraphRequest;
import org.edusync.http.GraphRouter;
import org.edusync.http.JsonObjectReader;
import org.edusync.http.ODataQuery;
import org.edusync.http.ODataTypes;
import org.edusync.sync.RunQueue;
import org.edusync.verify.VerificationJson;
import org.edusync.verify.VerificationMessage;

/** The {@code /education/synchronizationProfiles} surface: parse, call {@link ProfileService}, answer. */
final class ProfileRoutes {
    private static final String COLLECTION = "education/synchronizationProfiles";
    private static final String ITEM = COLLECTION + "/{id}";
    private static final Set<String> PROFILE_FILTERABLE = ProfileStore.PROFILE_COLUMNS.keySet();
    private static final Set<String> ERROR_FILTERABLE = ProfileStore.ERROR_COLUMNS.keySet();
    private static final Set<String> ERROR_SORTABLE = ProfileStore.ERROR_SORT_COLUMNS.keySet();
    private static final Set<String> EXPANDABLE = Set.of("profileStatus", "errors");
    /** How many errors {@code $expand=errors} embeds; the full list pages through {@code /errors}. */
    private static final int EXPANDED_ERRORS = 100;

    private final ProfileService service;
    private final ProfileJson json;

    ProfileRoutes(ProfileService service, ProfileJson json) {
        this.service = service;
        this.json = json;
    }

    void register(GraphRouter router) {
        router.get(COLLECTION, Access.PROFILE_READ, this::list)
                .post(COLLECTION, Access.PROFILE_MANAGE, this::create)
                .put(COLLECTION, Access.PROFILE_MANAGE, this::replaceKeyless)
                .get(COLLECTION + "/$count", Access.PROFILE_READ, this::count)
                .get(ITEM, Access.PROFILE_READ, this::get)
                .put(ITEM, Access.PROFILE_MANAGE, this::replace)
                .patch(ITEM, Access.PROFILE_MANAGE, this::patch)
                .delete(ITEM, Access.PROFILE_MANAGE, this::delete)
                .post(ITEM + "/start", Access.PROFILE_ACTION, this::start)
                .post(ITEM + "/pause", Access.PROFILE_ACTION, this::pause)
                .post(ITEM + "/resume", Access.PROFILE_ACTION, this::resume)
                .post(ITEM + "/reset", Access.PROFILE_ACTION, this::reset)
                .get(ITEM + "/uploadUrl", Access.PROFILE_ACTION, this::uploadUrl)
                .get(ITEM + "/profileStatus", Access.PROFILE_READ, this::profileStatus)
                .get(ITEM + "/errors", Access.PROFILE_READ, this::errors)
                .get(ITEM + "/errors/$count", Access.PROFILE_READ, this::errorsCount)
                .get(ITEM + "/errors/{errorId}", Access.PROFILE_READ, this::error)
                // edusync's extension: the runs of a profile and what each did
                .get(ITEM + "/runs", Access.PROFILE_READ, this::runs)
                .get(ITEM + "/runs/{runId}", Access.PROFILE_READ, this::run);
    }

    private void list(GraphRequest request) {
        ODataQuery query = request.query(ODataTypes.PROFILE, PROFILE_FILTERABLE, PROFILE_FILTERABLE, EXPANDABLE);
        int pageSize = request.pageSize(query);
        List<Profile> page = service.list(request.tenantId(), query, query.skip(), pageSize + 1);
        List<ObjectNode> items = new ArrayList<>();
        for (Profile profile : page.subList(0, Math.min(pageSize, page.size()))) {
            items.add(profileNode(request, profile, query));
        }
        String nextLink = page.size() > pageSize ? request.nextLink(query, query.skip() + pageSize) : null;
        Long count = query.count() ? service.count(request.tenantId(), query) : null;
        request.respondCollection(COLLECTION, items, List.of(), count, nextLink);
    }

    private void count(GraphRequest request) {
        ODataQuery query = request.query(ODataTypes.PROFILE, PROFILE_FILTERABLE, PROFILE_FILTERABLE);
        request.respondCount(service.count(request.tenantId(), query));
    }

    private void create(GraphRequest request) {
        ProfileDefinition definition = json.read(request.jsonBody(), ProfileJson.Source.CLIENT);
        Profile profile = service.create(request.tenantId(), definition);
        request.header("Location", request.serviceRoot() + "/" + COLLECTION + "('" + profile.id() + "')");
        respondProfile(request, 202, profile);
    }

    private void get(GraphRequest request) {
        ODataQuery query = request.query(ODataTypes.PROFILE, Set.of(), Set.of(), EXPANDABLE);
        Profile profile = service.get(request.tenantId(), request.param("id"));
        request.respondEntity(200, COLLECTION + "/$entity", profileNode(request, profile, query), List.of());
    }

    /** The profile as selected, with the navigation properties asked for by {@code $expand} (never cut by $select). */
    private ObjectNode profileNode(GraphRequest request, Profile profile, ODataQuery query) {
        ObjectNode node = request.selected(json.write(profile, request.includeUnknownEnumMembers()), query.select());
        if (query.expand().contains("profileStatus")) {
            node.set("profileStatus", statusJson(request, profile));
        }
        if (query.expand().contains("errors")) {
            ArrayNode errors = node.putArray("errors");
            for (SyncError error : service.errors(profile.tenantId(), profile.id(), null, 0, EXPANDED_ERRORS)) {
                errors.add(errorJson(error));
            }
        }
        return node;
    }

    private void replace(GraphRequest request) {
        ProfileDefinition definition = json.read(request.jsonBody(), ProfileJson.Source.CLIENT);
        respondProfile(request, 202, service.update(request.tenantId(), request.param("id"), current -> definition));
    }

    /** The seed document's {@code PUT /synchronizationProfiles}: the body's id, else its unique displayName. */
    private void replaceKeyless(GraphRequest request) {
        JsonObjectReader body = request.jsonBody();
        ProfileDefinition definition = json.read(body, ProfileJson.Source.CLIENT);
        String id = service.resolveKeylessTarget(request.tenantId(), body.string("id"), definition.displayName());
        respondProfile(request, 202, service.update(request.tenantId(), id, current -> definition));
    }

    private void patch(GraphRequest request) {
        JsonObjectReader patch = request.jsonBody();
        ObjectNode patchNode = patch.raw();
        Profile updated = service.update(request.tenantId(), request.param("id"), current -> {
            ObjectNode merged = ProfileJson.merge(json.writeDefinition(current), patchNode);
            return json.read(JsonObjectReader.of(merged, ""), ProfileJson.Source.CLIENT);
        });
        respondProfile(request, 202, updated);
    }

    private void delete(GraphRequest request) {
        service.delete(request.tenantId(), request.param("id"));
        request.respondNoBody(202);
    }

    private void start(GraphRequest request) {
        request.expectNoBody();
        List<VerificationMessage> messages = service.start(request.tenantId(), request.param("id"));
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        body.put("@odata.context", request.contextUrl("Collection(microsoft.graph.educationFileSynchronizationVerificationMessage)"));
        body.set("value", VerificationJson.toJson(messages));
        List<VerificationMessage> errors = messages.stream().filter(VerificationMessage::isError).toList();
        if (!errors.isEmpty()) {
            // The envelope makes SDK callers raise a readable error; value keeps the messages for scripts.
            VerificationMessage first = errors.get(0);
            throw GraphException.badRequestWith(errors.size() + " verification error(s) stop the sync: " + first.fileName() + ": "
                    + first.description() + (errors.size() > 1 ? " (and more; see value)" : ""), body);
        }
        request.respond(200, body);
    }

    private void pause(GraphRequest request) {
        request.expectNoBody();
        service.pause(request.tenantId(), request.param("id"));
        request.respondNoBody(200);
    }

    private void resume(GraphRequest request) {
        request.expectNoBody();
        service.resume(request.tenantId(), request.param("id"));
        request.respondNoBody(200);
    }

    private void reset(GraphRequest request) {
        request.expectNoBody();
        service.reset(request.tenantId(), request.param("id"));
        request.respondNoBody(200);
    }

    private void uploadUrl(GraphRequest request) {
        String url = service.uploadUrl(request.tenantId(), request.param("id"), request.baseUrl());
        ObjectNode body = GraphJson.MAPPER.createObjectNode();
        body.put("@odata.context", request.contextUrl("String"));
        body.put("value", url);
        request.respond(200, body);
    }

    private void profileStatus(GraphRequest request) {
        ODataQuery query = request.query(ODataTypes.PROFILE_STATUS, Set.of(), Set.of());
        Profile profile = service.get(request.tenantId(), request.param("id"));
        request.respondEntity(200, COLLECTION + "('" + profile.id() + "')/profileStatus/$entity", statusJson(request, profile), query.select());
    }

    private ObjectNode statusJson(GraphRequest request, Profile profile) {
        Profile.Status status = profile.status();
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("id", profile.id());
        node.put("status", status.status().wireName(request.includeUnknownEnumMembers()));
        node.put("lastSynchronizationDateTime", GraphJson.dateTimeOffset(status.lastSynchronizationDateTime()));
        node.put("lastActivityDateTime", GraphJson.dateTimeOffset(status.lastActivityDateTime()));
        node.put("errorCount", service.errorCount(request.tenantId(), profile.id()));
        node.put("statusMessage", status.statusMessage());
        return node;
    }

    private void errors(GraphRequest request) {
        String id = service.get(request.tenantId(), request.param("id")).id();
        ODataQuery query = request.query(ODataTypes.SYNCHRONIZATION_ERROR, ERROR_FILTERABLE, ERROR_SORTABLE);
        int pageSize = request.pageSize(query);
        List<SyncError> page = service.errors(request.tenantId(), id, query, query.skip(), pageSize + 1);
        List<ObjectNode> items = new ArrayList<>();
        for (SyncError error : page.subList(0, Math.min(pageSize, page.size()))) {
            items.add(errorJson(error));
        }
        String nextLink = page.size() > pageSize ? request.nextLink(query, query.skip() + pageSize) : null;
        // The documented sample carries @odata.count without $count, and scripts read it: always send it.
        long count = service.errorCount(request.tenantId(), id, query);
        request.respondCollection(COLLECTION + "('" + id + "')/errors", items, query.select(), count, nextLink);
    }

    private void errorsCount(GraphRequest request) {
        String id = service.get(request.tenantId(), request.param("id")).id();
        ODataQuery query = request.query(ODataTypes.SYNCHRONIZATION_ERROR, ERROR_FILTERABLE, ERROR_FILTERABLE);
        request.respondCount(service.errorCount(request.tenantId(), id, query));
    }

    private void error(GraphRequest request) {
        String id = service.get(request.tenantId(), request.param("id")).id();
        ODataQuery query = request.query(ODataTypes.SYNCHRONIZATION_ERROR, Set.of(), Set.of());
        SyncError error = service.error(request.tenantId(), id, request.param("errorId"))
                .orElseThrow(() -> GraphException.notFound("Profile " + id + " has no error with the id '" + request.param("errorId") + "'"));
        request.respondEntity(200, COLLECTION + "('" + id + "')/errors/$entity", errorJson(error), query.select());
    }

    private void runs(GraphRequest request) {
        String id = service.get(request.tenantId(), request.param("id")).id();
        ODataQuery query = request.query(ODataTypes.SYNCHRONIZATION_RUN, Set.of(), Set.of());
        int pageSize = request.pageSize(query);
        List<RunQueue.Run> page = service.runs(request.tenantId(), id, query.skip(), pageSize + 1);
        List<ObjectNode> items = new ArrayList<>();
        for (RunQueue.Run run : page.subList(0, Math.min(pageSize, page.size()))) {
            items.add(runJson(run));
        }
        String nextLink = page.size() > pageSize ? request.nextLink(query, query.skip() + pageSize) : null;
        Long count = query.count() ? service.runCount(request.tenantId(), id) : null;
        request.respondCollection(COLLECTION + "('" + id + "')/runs", items, query.select(), count, nextLink);
    }

    private void run(GraphRequest request) {
        String id = service.get(request.tenantId(), request.param("id")).id();
        ODataQuery query = request.query(ODataTypes.SYNCHRONIZATION_RUN, Set.of(), Set.of());
        RunQueue.Run run = service.run(request.tenantId(), id, request.param("runId"))
                .orElseThrow(() -> GraphException.notFound("Profile " + id + " has no run with the id '" + request.param("runId") + "'"));
        request.respondEntity(200, COLLECTION + "('" + id + "')/runs/$entity", runJson(run), query.select());
    }

    /** A run as edusync serves it: its state, times, progress and counts per entity. */
    private static ObjectNode runJson(RunQueue.Run run) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("id", run.id());
        node.put("state", run.state().name());
        node.put("message", run.message());
        node.put("createdDateTime", GraphJson.dateTimeOffset(run.createdAt()));
        node.put("startedDateTime", GraphJson.dateTimeOffset(run.startedAt()));
        node.put("endedDateTime", GraphJson.dateTimeOffset(run.endedAt()));
        node.put("recordsTotal", run.recordsTotal());
        node.put("recordsProcessed", run.recordsDone());
        ObjectNode counts = node.putObject("counts");
        run.report().all().forEach((entity, c) -> counts.putObject(entity).put("created", c.created()).put("updated", c.updated())
                .put("unchanged", c.unchanged()).put("unlinked", c.unlinked()).put("failed", c.failed()));
        return node;
    }

    private static ObjectNode errorJson(SyncError error) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("id", error.id());
        node.put("entryType", error.entryType());
        node.put("errorCode", error.errorCode());
        node.put("errorMessage", error.errorMessage());
        node.put("joiningValue", error.joiningValue());
        node.put("recordedDateTime", GraphJson.dateTimeOffset(error.recordedDateTime()));
        node.put("reportableIdentifier", error.reportableIdentifier());
        return node;
    }

    private void respondProfile(GraphRequest request, int status, Profile profile) {
        request.respondEntity(status, COLLECTION + "/$entity", json.write(profile, request.includeUnknownEnumMembers()), List.of());
    }
}
