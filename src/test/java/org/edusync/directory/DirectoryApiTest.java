package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.edusync.auth.TokenRequest;
import org.edusync.store.Database;
import org.edusync.testing.GraphClient;
import org.edusync.testing.GraphClient.Response;
import org.edusync.testing.ServerTest;
import org.edusync.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The education directory's Graph surface through real HTTP: a directory written with {@link DirectoryWriter} (as a
 * sync run writes it) is read back through every collection and navigation with the OData query options, paging,
 * tenant isolation and permissions; manual users are created with {@code POST /education/users}. Runs once per
 * store ({@link DirectoryApiSqliteTest}, {@link DirectoryApiPostgresTest}).
 *
 * <p>The default tenant holds a small school district that no test changes (user creation works in tenants of its
 * own); a second tenant holds look-alikes of some of its objects, a third enough users to page by default sizes.
 */
abstract class DirectoryApiTest extends ServerTest {
    private static final String SCHOOLS = "/beta/education/schools";
    private static final String CLASSES = "/beta/education/classes";
    private static final String USERS = "/beta/education/users";
    private static final String OTHER_TENANT = "other-" + UUID.randomUUID();
    private static final String PAGING_TENANT = "paging-" + UUID.randomUUID();
    private static final int PAGING_USERS = 1_050;
    private static final String PREFER_UNKNOWN = "include-unknown-enum-members";

    /** Keys of the default tenant's objects, by kind, in the order they were written. */
    private static final List<String> SCHOOL_KEYS = List.of("schoolA", "schoolB", "office");
    private static final List<String> CLASS_KEYS = List.of("algebra", "biology", "chemistry", "chess");
    private static final List<String> STUDENT_KEYS = IntStream.rangeClosed(1, 30).mapToObj(DirectoryApiTest::student).toList();
    private static final List<String> USER_KEYS = Stream.concat(STUDENT_KEYS.stream(),
            Stream.of("t1", "t2", "t3", "faculty", "admin")).toList();

    private Database database;
    /** Every written object of the default tenant as its record, by key: what the API must serve. */
    private final Map<String, EducationUser> users = new LinkedHashMap<>();
    private final Map<String, EducationClass> classes = new LinkedHashMap<>();
    private final Map<String, EducationSchool> schools = new LinkedHashMap<>();

    /** A stable id per test object: GUIDs, as the sync engine makes them, in an order unrelated to the keys. */
    static String id(String key) {
        return UUID.nameUUIDFromBytes(("directory-api-test/" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String student(int n) {
        return String.format("s%02d", n);
    }

    private static List<String> students(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(DirectoryApiTest::student).toList();
    }

    @BeforeAll
    void seedDirectory() {
        database = Database.open(server.dataDir(), store() == TestServer.Store.POSTGRES ? server.jdbcUrl() : null);
        schools.put("schoolA", new EducationSchool(id("schoolA"), "SCH-100", "Contoso High", "100", "P-100", "Ada Principal",
                "ada@contoso.edu", "9", "12", "555-0100",
                new EducationSchool.PhysicalAddress("1 Main St", "Redmond", "WA", "98052", "US"), "sis"));
        schools.put("schoolB", new EducationSchool(id("schoolB"), "SCH-200", "Fabrikam Middle", "200", null, null, null, "6", "8",
                null, null, "sis"));
        schools.put("office", new EducationSchool(id("office"), null, "District Office", null, null, null, null, null, null,
                null, null, "manual"));
        classes.put("algebra", section("algebra", "SEC-1", "Algebra I"));
        classes.put("biology", section("biology", "SEC-2", "Biology"));
        classes.put("chemistry", section("chemistry", "SEC-3", "Chemistry"));
        classes.put("chess", new EducationClass(id("chess"), null, "Chess Club", "chessclub", null, null, null, null, "manual"));
        for (int n = 1; n <= 30; n++) {
            String key = student(n);
            String number = String.format("%02d", n);
            users.put(key, new EducationUser(id(key), "student" + number + "@contoso.edu", "student" + number,
                    "student" + number + "@contoso.edu", "Student " + number, "Stu", null, "Dent" + number,
                    EducationUser.Role.student, "sis", true, List.of("314c4481-f395-4525-be8b-2ec4bb1e9d91"),
                    new EducationUser.Student("STU-" + number, "N" + number, "09", "2028", "2010-01-" + number),
                    null, "not-a-real-hash"));
        }
        for (int n = 1; n <= 3; n++) {
            users.put("t" + n, new EducationUser(id("t" + n), "teacher" + n + "@contoso.edu", "teacher" + n,
                    n == 3 ? null : "teacher" + n + "@contoso.edu", "Teacher " + n, "Tea", null, "Cher" + n,
                    EducationUser.Role.teacher, "sis", true, List.of(), null, new EducationUser.Teacher("TCH-" + n, "T" + n), null));
        }
        users.put("faculty", new EducationUser(id("faculty"), "fay@contoso.edu", "fay", null, "Fay Faculty", "Fay", null, "Faculty",
                EducationUser.Role.faculty, "manual", true, List.of(), null, null, null));
        users.put("admin", new EducationUser(id("admin"), "office.admin@contoso.edu", "office.admin", null, "Office Admin", null, null,
                null, EducationUser.Role.none, "manual", false, List.of(), null, null, null));

        DirectoryWriter writer = new DirectoryWriter(database.dialect());
        database.jdbi().useTransaction(handle -> {
            Map<String, Long> seqs = new HashMap<>();
            seqs.putAll(writer.upsertSchools(handle, server.tenantId(), schools.values()));
            seqs.putAll(writer.upsertClasses(handle, server.tenantId(), classes.values()));
            seqs.putAll(writer.upsertUsers(handle, server.tenantId(), users.values(), Map.of()));
            List<Membership> links = new ArrayList<>();
            link(links, seqs, Membership.Kind.classMember, "algebra", concat(students(1, 12), List.of("t1")));
            link(links, seqs, Membership.Kind.classTeacher, "algebra", List.of("t1"));
            link(links, seqs, Membership.Kind.classMember, "biology", concat(students(10, 20), List.of("t1", "t2")));
            link(links, seqs, Membership.Kind.classTeacher, "biology", List.of("t1", "t2"));
            link(links, seqs, Membership.Kind.classMember, "chemistry", concat(students(21, 30), List.of("t3")));
            link(links, seqs, Membership.Kind.classTeacher, "chemistry", List.of("t3"));
            link(links, seqs, Membership.Kind.schoolUser, "schoolA", concat(students(1, 20), List.of("t1", "t2", "faculty")));
            link(links, seqs, Membership.Kind.schoolUser, "schoolB", concat(students(21, 30), List.of("t3")));
            link(links, seqs, Membership.Kind.schoolUser, "office", List.of("admin", "faculty"));
            link(links, seqs, Membership.Kind.schoolClass, "schoolA", List.of("algebra", "biology"));
            link(links, seqs, Membership.Kind.schoolClass, "schoolB", List.of("chemistry"));
            writer.addMemberships(handle, links);

            // another tenant: the same UPN, a class and a school of the same SIS IDs, its own links
            EducationUser twin = new EducationUser(id("other-s01"), "student01@contoso.edu", "student01", null, "Other Student",
                    null, null, null, EducationUser.Role.student, "sis", true, List.of(),
                    new EducationUser.Student("STU-01", null, null, null, null), null, null);
            seqs.putAll(writer.upsertUsers(handle, OTHER_TENANT, List.of(twin), Map.of()));
            seqs.putAll(writer.upsertClasses(handle, OTHER_TENANT, List.of(new EducationClass(id("other-algebra"), "SEC-1", "Other Algebra",
                    "Section_SEC-1", null, null, null, null, "sis"))));
            seqs.putAll(writer.upsertSchools(handle, OTHER_TENANT, List.of(new EducationSchool(id("other-school"), "SCH-100", "Other High",
                    null, null, null, null, null, null, null, null, "sis"))));
            writer.addMemberships(handle, List.of(
                    new Membership(Membership.Kind.classMember, seqs.get(id("other-algebra")), seqs.get(id("other-s01"))),
                    new Membership(Membership.Kind.schoolUser, seqs.get(id("other-school")), seqs.get(id("other-s01")))));

            List<EducationUser> many = new ArrayList<>();
            for (int n = 0; n < PAGING_USERS; n++) {
                many.add(new EducationUser(id("p" + n), "p" + n + "@fabrikam.edu", "p" + n, null, "Pupil " + n, null, null, null,
                        EducationUser.Role.student, "sis", true, List.of(), null, null, null));
            }
            writer.upsertUsers(handle, PAGING_TENANT, many, Map.of());
        });
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    private EducationClass section(String key, String sisId, String name) {
        return new EducationClass(id(key), sisId, name, "Section_" + sisId, "C-" + sisId, name + " (" + sisId + ")",
                new EducationClass.Term("T-2025", "Fall 2025", "2025-09-01", "2026-01-31"),
                new EducationClass.Course("CRS-" + sisId, name, "100", null, "Science"), "sis");
    }

    /** Links by test keys; {@code seqs} are the seqs the writer returned, by object id. */
    private static void link(List<Membership> links, Map<String, Long> seqs, Membership.Kind kind, String container, List<String> members) {
        for (String member : members) {
            links.add(new Membership(kind, seqs.get(id(container)), seqs.get(id(member))));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        return response.json();
    }

    /** The Graph error envelope, with the correlation ids of the response. */
    private static JsonNode assertGraphError(Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("%s", response).startsWith("application/json");
        JsonNode error = response.json().path("error");
        assertThat(error.path("code").asText()).as("%s", response).isEqualTo(code);
        assertThat(error.path("message").asText()).as("%s", response).contains(messagePart);
        assertThat(error.path("innerError").path("request-id").asText()).isEqualTo(response.header("request-id"));
        return error;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("value").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    /** The ids of {@code keys} in the order every collection serves them: code-point order of the id. */
    private static List<String> sortedIds(List<String> keys) {
        return keys.stream().map(DirectoryApiTest::id).sorted().toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Follows {@code @odata.nextLink} from {@code first} to the end, checking every link is absolute; returns the pages. */
    private List<JsonNode> followPages(GraphClient client, String first, String path) {
        List<JsonNode> pages = new ArrayList<>();
        for (String link = first; link != null; ) {
            JsonNode page = ok(client.get(link));
            pages.add(page);
            link = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            if (link != null) {
                assertThat(link).startsWith(server.baseUrl() + path + "?").contains("$skiptoken=");
            }
            assertThat(pages).as("pages of %s", first).hasSizeLessThan(100);
        }
        return pages;
    }

    private static List<String> allIds(List<JsonNode> pages) {
        List<String> all = new ArrayList<>();
        pages.forEach(page -> all.addAll(ids(page)));
        return all;
    }

    /** The school as a run stores it, which the API serves as it is. */
    private static ObjectNode asStored(EducationSchool school) {
        return DirectoryJson.parse(DirectoryJson.schoolText(school, new DirectoryJson.ObjectText()));
    }

    /** The class as a run stores it, which the API serves as it is. */
    private static ObjectNode asStored(EducationClass c) {
        return DirectoryJson.parse(DirectoryJson.classText(c, new DirectoryJson.ObjectText()));
    }

    /** The entity as served, without its annotations: the object to compare with what was written. */
    private static ObjectNode withoutAnnotations(JsonNode served) {
        ObjectNode copy = ((ObjectNode) served).deepCopy();
        for (Iterator<String> names = served.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("@")) {
                copy.remove(name);
            }
        }
        return copy;
    }

    private GraphClient clientWith(boolean application, String... permissions) {
        return server.client(server.token(new TokenRequest(null, List.of(permissions), application, null, null)));
    }

    private GraphClient freshTenant() {
        return server.client(server.token(new TokenRequest(UUID.randomUUID().toString(), null, false, null, null)));
    }

    private String context(String fragment) {
        return server.baseUrl() + "/beta/$metadata#" + fragment;
    }

    // ---- collections and entities ---------------------------------------------------------------------------

    @Test
    void each_collection_serves_the_written_objects_in_id_order() {
        JsonNode schoolList = ok(graph.get(SCHOOLS));
        assertThat(schoolList.get("@odata.context").asText()).isEqualTo(context("education/schools"));
        assertThat(ids(schoolList)).isEqualTo(sortedIds(SCHOOL_KEYS));
        assertThat(schoolList.has("@odata.nextLink")).isFalse();
        assertThat(schoolList.has("@odata.count")).isFalse();

        JsonNode classList = ok(graph.get(CLASSES));
        assertThat(classList.get("@odata.context").asText()).isEqualTo(context("education/classes"));
        assertThat(ids(classList)).isEqualTo(sortedIds(CLASS_KEYS));

        JsonNode userList = ok(graph.get(USERS));
        assertThat(userList.get("@odata.context").asText()).isEqualTo(context("education/users"));
        assertThat(ids(userList)).isEqualTo(sortedIds(USER_KEYS));
        for (JsonNode user : userList.get("value")) {
            assertThat(user.has("passwordProfile")).isFalse();
            assertThat(user.toString()).doesNotContain("not-a-real-hash");
        }
    }

    @Test
    void an_entity_is_served_exactly_as_written_with_its_context() {
        JsonNode school = ok(graph.get(SCHOOLS + "/" + id("schoolA")));
        assertThat(school.get("@odata.context").asText()).isEqualTo(context("education/schools/$entity"));
        assertThat(fieldNames(school).get(0)).isEqualTo("@odata.context");
        assertThat(withoutAnnotations(school)).isEqualTo(asStored(schools.get("schoolA")));
        assertThat(school.get("address").get("city").asText()).isEqualTo("Redmond");
        assertThat(school.get("externalId").asText()).isEqualTo("SCH-100");
        assertThat(school.get("fax").isNull()).isTrue();

        JsonNode algebra = ok(graph.get(CLASSES + "/" + id("algebra")));
        assertThat(algebra.get("@odata.context").asText()).isEqualTo(context("education/classes/$entity"));
        assertThat(withoutAnnotations(algebra)).isEqualTo(asStored(classes.get("algebra")));
        assertThat(algebra.get("mailNickname").asText()).isEqualTo("Section_SEC-1");
        assertThat(algebra.get("term").get("startDate").asText()).isEqualTo("2025-09-01");

        JsonNode s05 = ok(graph.get(USERS + "/" + id("s05")));
        assertThat(s05.get("@odata.context").asText()).isEqualTo(context("education/users/$entity"));
        assertThat(withoutAnnotations(s05)).isEqualTo(DirectoryJson.user(users.get("s05")));
        assertThat(s05.get("student").get("externalId").asText()).isEqualTo("STU-05");
        assertThat(s05.get("assignedLicenses").get(0).get("skuId").asText()).isEqualTo("314c4481-f395-4525-be8b-2ec4bb1e9d91");
        assertThat(s05.has("passwordProfile")).isFalse();

        // the key in parentheses, as the SDKs write it
        assertThat(ok(graph.get("/beta/education/users('" + id("t2") + "')")).get("displayName").asText()).isEqualTo("Teacher 2");
    }

    @Test
    void an_unknown_id_is_404_in_the_graph_envelope() {
        for (String path : List.of(SCHOOLS, CLASSES, USERS)) {
            assertGraphError(graph.get(path + "/no-such-id"), 404, "ResourceNotFound",
                    "Resource 'no-such-id' does not exist or one of its queried reference-property objects are not present.");
        }
        // an object of one kind is not found as another
        assertGraphError(graph.get(SCHOOLS + "/" + id("algebra")), 404, "ResourceNotFound", id("algebra"));
    }

    // ---- navigations --------------------------------------------------------------------------------------

    static Stream<Arguments> navigations() {
        return Stream.of(
                Arguments.of(CLASSES, "algebra", "members", concat(students(1, 12), List.of("t1"))),
                Arguments.of(CLASSES, "biology", "teachers", List.of("t1", "t2")),
                Arguments.of(CLASSES, "biology", "schools", List.of("schoolA")),
                Arguments.of(CLASSES, "chess", "members", List.of()),
                Arguments.of(CLASSES, "chess", "schools", List.of()),
                Arguments.of(SCHOOLS, "schoolA", "classes", List.of("algebra", "biology")),
                Arguments.of(SCHOOLS, "schoolB", "users", concat(students(21, 30), List.of("t3"))),
                Arguments.of(SCHOOLS, "office", "users", List.of("admin", "faculty")),
                Arguments.of(USERS, "t1", "classes", List.of("algebra", "biology")),
                Arguments.of(USERS, "s11", "classes", List.of("algebra", "biology")),
                Arguments.of(USERS, "s25", "classes", List.of("chemistry")),
                Arguments.of(USERS, "faculty", "schools", List.of("schoolA", "office")),
                Arguments.of(USERS, "t2", "schools", List.of("schoolA")),
                Arguments.of(USERS, "t1", "taughtClasses", List.of("algebra", "biology")),
                Arguments.of(USERS, "s11", "taughtClasses", List.of()),
                Arguments.of(USERS, "admin", "classes", List.of()));
    }

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @MethodSource("navigations")
    void a_navigation_serves_the_linked_objects_with_its_context(String collection, String source, String property, List<String> expected) {
        String path = collection + "/" + id(source) + "/" + property;
        JsonNode page = ok(graph.get(path));
        String segment = collection.substring(collection.lastIndexOf('/') + 1);
        assertThat(page.get("@odata.context").asText())
                .isEqualTo(context("education/" + segment + "('" + id(source) + "')/" + property));
        assertThat(ids(page)).isEqualTo(sortedIds(expected));

        Response count = graph.get(path + "/$count");
        assertThat(count.status()).isEqualTo(200);
        assertThat(count.header("Content-Type")).startsWith("text/plain");
        assertThat(count.body()).isEqualTo(Integer.toString(expected.size()));

        JsonNode counted = ok(graph.get(path + "?$count=true&$top=1"));
        assertThat(counted.get("@odata.count").asLong()).isEqualTo(expected.size());
        assertThat(ids(counted)).hasSize(Math.min(1, expected.size()));
    }

    @Test
    void linked_objects_are_served_as_stored() {
        JsonNode teachers = ok(graph.get(CLASSES + "/" + id("biology") + "/teachers"));
        assertThat(withoutAnnotations(teachers.get("value").get(ids(teachers).indexOf(id("t2")))))
                .isEqualTo(DirectoryJson.user(users.get("t2")));
        JsonNode schoolsOfClass = ok(graph.get(CLASSES + "/" + id("algebra") + "/schools"));
        assertThat(schoolsOfClass.get("value").get(0)).isEqualTo(asStored(schools.get("schoolA")));
    }

    @Test
    void a_navigation_of_an_unknown_object_is_404_not_an_empty_collection() {
        for (DirectoryNavigation navigation : DirectoryNavigation.values()) {
            String path = "/beta/" + navigation.source().collectionPath() + "/missing-id/" + navigation.property();
            assertGraphError(graph.get(path), 404, "ResourceNotFound", "'missing-id' does not exist");
            assertGraphError(graph.get(path + "/$count"), 404, "ResourceNotFound", "'missing-id' does not exist");
        }
        // a user id is not a class
        assertGraphError(graph.get(CLASSES + "/" + id("t1") + "/members"), 404, "ResourceNotFound", id("t1"));
    }

    @Test
    void a_navigation_takes_filter_select_and_paging() {
        String path = SCHOOLS + "/" + id("schoolA") + "/users";
        List<JsonNode> pages = followPages(graph, path + "?$filter=" + encode("primaryRole eq 'student'") + "&$top=6&$count=true"
                + "&$select=displayName", path);
        assertThat(pages).hasSize(4);
        assertThat(allIds(pages)).isEqualTo(sortedIds(students(1, 20)));
        for (JsonNode page : pages) {
            assertThat(page.get("@odata.count").asLong()).isEqualTo(20);
            page.get("value").forEach(user -> assertThat(fieldNames(user)).containsExactly("id", "displayName"));
        }
        JsonNode teachersOfAlgebra = ok(graph.get(CLASSES + "/" + id("algebra") + "/members?$filter=" + encode("primaryRole eq 'teacher'")));
        assertThat(ids(teachersOfAlgebra)).containsExactly(id("t1"));
        assertThat(graph.get(CLASSES + "/" + id("biology") + "/members/$count?$filter=" + encode("student/externalId eq 'STU-15'")).body())
                .isEqualTo("1");
    }

    // ---- paging -------------------------------------------------------------------------------------------

    @Test
    void next_links_walk_the_whole_collection_without_overlap_or_gap() {
        List<JsonNode> pages = followPages(graph, USERS + "?$top=7&$count=true", USERS);
        assertThat(pages).hasSize(5);
        pages.forEach(page -> assertThat(ids(page)).hasSize(7));
        pages.forEach(page -> assertThat(page.get("@odata.count").asLong()).isEqualTo(USER_KEYS.size()));
        List<String> all = allIds(pages);
        assertThat(all).isEqualTo(sortedIds(USER_KEYS));
        assertThat(new HashSet<>(all)).hasSize(USER_KEYS.size());
        assertThat(pages.get(4).has("@odata.nextLink")).isFalse();
        // the link keeps the other options as given
        assertThat(pages.get(0).get("@odata.nextLink").asText()).contains("$top=7").contains("$count=true");
    }

    @Test
    void skip_and_top_select_a_window() {
        JsonNode tail = ok(graph.get(USERS + "?$skip=30"));
        assertThat(ids(tail)).isEqualTo(sortedIds(USER_KEYS).subList(30, 35));
        assertThat(tail.has("@odata.nextLink")).isFalse();
        JsonNode window = ok(graph.get(USERS + "?$skip=10&$top=3"));
        assertThat(ids(window)).isEqualTo(sortedIds(USER_KEYS).subList(10, 13));
        assertThat(ok(graph.get(window.get("@odata.nextLink").asText())).get("value").size()).isEqualTo(3);
        JsonNode none = ok(graph.get(CLASSES + "?$top=0&$count=true"));
        assertThat(none.get("value").size()).isZero();
        assertThat(none.get("@odata.count").asLong()).isEqualTo(4);
        assertThat(none.has("@odata.nextLink")).isFalse();
    }

    @Test
    void pages_are_100_by_default_and_999_at_most() {
        GraphClient pagingTenant = server.client(server.token(new TokenRequest(PAGING_TENANT, null, true, null, null)));
        List<String> expected = IntStream.range(0, PAGING_USERS).mapToObj(n -> id("p" + n)).sorted().toList();

        List<JsonNode> pages = followPages(pagingTenant, USERS, USERS);
        assertThat(pages).hasSize(11);
        assertThat(ids(pages.get(0))).hasSize(100);
        assertThat(ids(pages.get(10))).hasSize(50);
        assertThat(allIds(pages)).isEqualTo(expected);

        List<JsonNode> large = followPages(pagingTenant, USERS + "?$top=5000", USERS);
        assertThat(large).hasSize(2);
        assertThat(ids(large.get(0))).hasSize(999);
        assertThat(allIds(large)).isEqualTo(expected);
        assertThat(pagingTenant.get(USERS + "/$count").body()).isEqualTo(Integer.toString(PAGING_USERS));
    }

    // ---- $count, $select, $orderby --------------------------------------------------------------------------

    @Test
    void count_as_option_and_as_path_segment() {
        assertThat(ok(graph.get(USERS + "?$count=true")).get("@odata.count").asLong()).isEqualTo(USER_KEYS.size());
        JsonNode counted = ok(graph.get(SCHOOLS + "?$count=true"));
        assertThat(fieldNames(counted)).containsExactly("@odata.context", "@odata.count", "value");
        assertThat(counted.get("@odata.count").asLong()).isEqualTo(3);

        Response users = graph.get(USERS + "/$count");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.header("Content-Type")).startsWith("text/plain");
        assertThat(users.body()).isEqualTo("35");
        assertThat(graph.get(CLASSES + "/$count").body()).isEqualTo("4");
        assertThat(graph.get(SCHOOLS + "/$count").body()).isEqualTo("3");
        assertThat(graph.get(USERS + "/$count?$filter=" + encode("primaryRole eq 'teacher'")).body()).isEqualTo("3");
    }

    @Test
    void select_keeps_the_named_properties_and_the_id() {
        JsonNode list = ok(graph.get(USERS + "?$select=displayName,primaryRole&$top=3"));
        for (JsonNode user : list.get("value")) {
            assertThat(fieldNames(user)).containsExactly("id", "displayName", "primaryRole");
        }
        JsonNode school = ok(graph.get(SCHOOLS + "/" + id("schoolB") + "?$select=externalId,DISPLAYNAME"));
        assertThat(fieldNames(school)).containsExactly("@odata.context", "id", "displayName", "externalId");
        assertThat(school.get("externalId").asText()).isEqualTo("SCH-200");
        JsonNode student = ok(graph.get(USERS + "/" + id("s02") + "?$select=student"));
        assertThat(student.get("student").get("studentNumber").asText()).isEqualTo("N02");

        assertGraphError(graph.get(USERS + "?$select=password"), 400, "BadRequest", "Could not find a property named 'password'");
        assertGraphError(graph.get(CLASSES + "/" + id("algebra") + "?$select=nope"), 400, "BadRequest", "'nope'");
    }

    @Test
    void orderby_sorts_by_a_column_then_by_id() {
        JsonNode classList = ok(graph.get(CLASSES + "?$orderby=" + encode("displayName desc")));
        assertThat(ids(classList)).containsExactly(id("chess"), id("chemistry"), id("biology"), id("algebra"));
        // nulls first when ascending, on both stores; ties broken by id
        JsonNode byMail = ok(graph.get(USERS + "?$orderby=mail&$top=3&$select=mail"));
        assertThat(ids(byMail)).isEqualTo(sortedIds(List.of("t3", "faculty", "admin")));
        assertGraphError(graph.get(USERS + "?$orderby=student/externalId"), 400, "BadRequest", "cannot sort by");
    }

    // ---- $filter ----------------------------------------------------------------------------------------------

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(USERS, "externalSource eq 'manual'", List.of("faculty", "admin")),
                Arguments.of(USERS, "externalSource eq 'sis' and primaryRole ne 'student'", List.of("t1", "t2", "t3")),
                Arguments.of(USERS, "primaryRole eq 'teacher'", List.of("t1", "t2", "t3")),
                Arguments.of(USERS, "primaryRole eq 'faculty'", List.of("faculty")),
                Arguments.of(USERS, "primaryRole ne 'student'", List.of("t1", "t2", "t3", "faculty", "admin")),
                Arguments.of(USERS, "userPrincipalName eq 'student05@contoso.edu'", List.of("s05")),
                Arguments.of(USERS, "mailNickname eq 'teacher2'", List.of("t2")),
                Arguments.of(USERS, "displayName eq 'Office Admin'", List.of("admin")),
                Arguments.of(USERS, "displayName eq 'Student 01' or displayName eq 'Teacher 3'", List.of("s01", "t3")),
                Arguments.of(USERS, "mail eq 'student07@contoso.edu'", List.of("s07")),
                Arguments.of(USERS, "mail eq null", List.of("t3", "faculty", "admin")),
                Arguments.of(USERS, "primaryRole eq 'teacher' and mail ne null", List.of("t1", "t2")),
                Arguments.of(USERS, "externalId eq 'STU-03'", List.of("s03")),
                Arguments.of(USERS, "externalId eq 'TCH-2'", List.of("t2")),
                Arguments.of(USERS, "student/externalId eq 'STU-04'", List.of("s04")),
                Arguments.of(USERS, "student/externalId eq 'TCH-1'", List.of()),
                Arguments.of(USERS, "teacher/externalId eq 'TCH-1' or teacher/externalId eq 'TCH-3'", List.of("t1", "t3")),
                Arguments.of(USERS, "Student/ExternalId eq 'STU-30'", List.of("s30")),
                Arguments.of(USERS, "startswith(displayName,'Teacher') and not (mail eq null)", List.of("t1", "t2")),
                Arguments.of(USERS, "startswith(student/externalId,'STU-2')", students(20, 29)),
                Arguments.of(CLASSES, "externalId eq 'SEC-2'", List.of("biology")),
                Arguments.of(CLASSES, "displayName eq 'Chemistry'", List.of("chemistry")),
                Arguments.of(CLASSES, "mailNickname eq 'Section_SEC-1'", List.of("algebra")),
                Arguments.of(CLASSES, "externalSource eq 'manual'", List.of("chess")),
                Arguments.of(CLASSES, "externalId ne null and externalId ne 'SEC-3'", List.of("algebra", "biology")),
                Arguments.of(SCHOOLS, "externalId eq 'SCH-200'", List.of("schoolB")),
                Arguments.of(SCHOOLS, "displayName eq 'Contoso High'", List.of("schoolA")),
                Arguments.of(SCHOOLS, "externalSource eq 'sis'", List.of("schoolA", "schoolB")),
                Arguments.of(SCHOOLS, "externalSource eq 'manual' or externalId eq 'SCH-100'", List.of("schoolA", "office")));
    }

    @ParameterizedTest(name = "{0} $filter={1}")
    @MethodSource("filters")
    void filter_selects_the_matching_objects(String collection, String filter, List<String> expected) {
        JsonNode page = ok(graph.get(collection + "?$count=true&$filter=" + encode(filter)));
        assertThat(ids(page)).isEqualTo(sortedIds(expected));
        assertThat(page.get("@odata.count").asLong()).isEqualTo(expected.size());
        assertThat(graph.get(collection + "/$count?$filter=" + encode(filter)).body()).isEqualTo(Integer.toString(expected.size()));
    }

    @Test
    void filter_on_an_unknown_property_or_with_bad_syntax_is_400() {
        assertGraphError(graph.get(USERS + "?$filter=" + encode("birthDate eq 'x'")), 400, "BadRequest",
                "Could not find a property named 'birthDate' on type 'microsoft.graph.educationUser'");
        assertGraphError(graph.get(CLASSES + "?$filter=" + encode("primaryRole eq 'student'")), 400, "BadRequest",
                "on type 'microsoft.graph.educationClass'");
        assertGraphError(graph.get(SCHOOLS + "?$filter=" + encode("student/externalId eq 'x'")), 400, "BadRequest",
                "Could not find a property named 'student/externalId' on type 'microsoft.graph.educationSchool'");
        assertGraphError(graph.get(USERS + "?$filter=" + encode("displayName = 'x'")), 400, "BadRequest", "Syntax error at position 12");
        assertGraphError(graph.get(USERS + "?$filter=" + encode("student/ eq 'x'")), 400, "BadRequest", "unexpected character '/'");
        // every filterable property is a string: other literals are refused alike on both stores
        assertGraphError(graph.get(USERS + "?$filter=" + encode("displayName eq 5")), 400, "BadRequest",
                "the filterable properties of microsoft.graph.educationUser are strings; compare them with a string literal such as '5'");
        assertGraphError(graph.get(SCHOOLS + "/$count?$filter=" + encode("externalId ne true")), 400, "BadRequest", "such as 'true'");
        assertGraphError(graph.get(CLASSES + "/" + id("algebra") + "/members?$filter=" + encode("mail eq null or mail eq 7")), 400,
                "BadRequest", "'(mail eq null or mail eq 7)'");
    }

    // ---- evolvable enum members -----------------------------------------------------------------------------

    @Test
    void faculty_is_unknownFutureValue_unless_the_client_asks_for_evolvable_members() {
        Response plain = graph.get(USERS + "/" + id("faculty"));
        assertThat(ok(plain).get("primaryRole").asText()).isEqualTo("unknownFutureValue");
        assertThat(plain.header("Preference-Applied")).isNull();

        GraphClient preferring = graph.withHeader("Prefer", PREFER_UNKNOWN);
        Response asked = preferring.get(USERS + "/" + id("faculty"));
        assertThat(ok(asked).get("primaryRole").asText()).isEqualTo("faculty");
        assertThat(asked.header("Preference-Applied")).isEqualTo(PREFER_UNKNOWN);

        String officeUsers = SCHOOLS + "/" + id("office") + "/users";
        assertThat(roles(ok(graph.get(officeUsers)))).containsExactlyInAnyOrder("none", "unknownFutureValue");
        assertThat(roles(ok(preferring.get(officeUsers)))).containsExactlyInAnyOrder("none", "faculty");
        assertThat(roles(ok(graph.get(USERS + "?$filter=" + encode("primaryRole eq 'faculty'"))))).containsExactly("unknownFutureValue");
        // other roles are not touched, and classes and schools never acknowledge the preference
        assertThat(ok(preferring.get(USERS + "/" + id("s01"))).get("primaryRole").asText()).isEqualTo("student");
        assertThat(preferring.get(SCHOOLS).header("Preference-Applied")).isNull();
    }

    private static List<String> roles(JsonNode page) {
        List<String> roles = new ArrayList<>();
        page.get("value").forEach(user -> roles.add(user.get("primaryRole").asText()));
        return roles;
    }

    // ---- tenants and permissions ------------------------------------------------------------------------------

    @Test
    void another_tenant_sees_only_its_own_directory() {
        GraphClient other = server.client(server.token(new TokenRequest(OTHER_TENANT, null, false, null, null)));
        assertThat(ids(ok(other.get(USERS)))).containsExactly(id("other-s01"));
        assertThat(ids(ok(other.get(CLASSES)))).containsExactly(id("other-algebra"));
        assertThat(ids(ok(other.get(SCHOOLS)))).containsExactly(id("other-school"));
        assertThat(other.get(USERS + "/$count").body()).isEqualTo("1");
        assertThat(ids(ok(other.get(CLASSES + "/" + id("other-algebra") + "/members")))).containsExactly(id("other-s01"));
        assertThat(ids(ok(other.get(USERS + "/" + id("other-s01") + "/schools")))).containsExactly(id("other-school"));

        // the same UPN and SIS IDs in both tenants: each finds its own
        String byUpn = USERS + "?$filter=" + encode("userPrincipalName eq 'student01@contoso.edu'");
        assertThat(ids(ok(other.get(byUpn)))).containsExactly(id("other-s01"));
        assertThat(ids(ok(graph.get(byUpn)))).containsExactly(id("s01"));
        assertThat(ids(ok(other.get(CLASSES + "?$filter=" + encode("externalId eq 'SEC-1'"))))).containsExactly(id("other-algebra"));

        // the default tenant's objects do not exist for the other tenant, and the other way round
        assertGraphError(other.get(USERS + "/" + id("s01")), 404, "ResourceNotFound", id("s01"));
        assertGraphError(other.get(CLASSES + "/" + id("algebra") + "/members"), 404, "ResourceNotFound", id("algebra"));
        assertGraphError(other.get(SCHOOLS + "/" + id("schoolA") + "/users/$count"), 404, "ResourceNotFound", id("schoolA"));
        assertGraphError(graph.get(USERS + "/" + id("other-s01")), 404, "ResourceNotFound", id("other-s01"));
        assertGraphError(graph.get(USERS + "/" + id("other-s01") + "/classes"), 404, "ResourceNotFound", id("other-s01"));
    }

    @Test
    void reads_need_an_EduRoster_or_EduAdministration_permission() {
        for (GraphClient reader : List.of(clientWith(false, "EduRoster.ReadBasic"), clientWith(false, "EduAdministration.Read"),
                clientWith(true, "EduRoster.Read.All"), clientWith(true, "EduAdministration.ReadWrite.All"))) {
            assertThat(ids(ok(reader.get(CLASSES)))).isEqualTo(sortedIds(CLASS_KEYS));
            assertThat(ok(reader.get(USERS + "/" + id("t1"))).get("displayName").asText()).isEqualTo("Teacher 1");
            assertThat(reader.get(SCHOOLS + "/" + id("schoolA") + "/classes/$count").body()).isEqualTo("2");
        }
        for (GraphClient outsider : List.of(clientWith(false, "User.Read"), clientWith(true, "Group.Read.All"))) {
            for (String path : List.of(USERS, CLASSES + "/" + id("algebra"), SCHOOLS + "/" + id("schoolA") + "/users", USERS + "/$count")) {
                assertGraphError(outsider.get(path), 403, "accessDenied", "Missing permission");
            }
        }
        Response anonymous = server.client(null).get(USERS);
        assertGraphError(anonymous, 401, "InvalidAuthenticationToken", "");
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void creating_a_user_needs_EduRoster_ReadWrite() {
        String tenant = UUID.randomUUID().toString();
        for (GraphClient reader : List.of(clientIn(tenant, false, "EduRoster.ReadBasic"), clientIn(tenant, false, "EduAdministration.ReadWrite"),
                clientIn(tenant, true, "EduRoster.Read.All"))) {
            assertGraphError(reader.post(USERS, minimalUser("denied@contoso.edu")), 403, "accessDenied", "EduRoster.ReadWrite");
        }
        assertThat(clientIn(tenant, false, "EduRoster.ReadWrite").get(USERS + "/$count").body()).isEqualTo("0");
        assertThat(clientIn(tenant, false, "EduRoster.ReadWrite").post(USERS, minimalUser("delegated@contoso.edu")).status()).isEqualTo(201);
        assertThat(clientIn(tenant, true, "EduRoster.ReadWrite.All").post(USERS, minimalUser("app@contoso.edu")).status()).isEqualTo(201);
        assertThat(clientIn(tenant, true, "EduRoster.Read.All").get(USERS + "/$count").body()).isEqualTo("2");
    }

    private GraphClient clientIn(String tenant, boolean application, String... permissions) {
        return server.client(server.token(new TokenRequest(tenant, List.of(permissions), application, null, null)));
    }

    private static String minimalUser(String upn) {
        return "{\"displayName\": \"Someone\", \"userPrincipalName\": \"" + upn + "\"}";
    }

    // ---- creating users ---------------------------------------------------------------------------------------

    @Test
    void post_creates_a_manual_user_and_keeps_only_a_hash_of_the_password() {
        GraphClient tenant = freshTenant();
        String body = """
                {
                  "@odata.type": "#microsoft.graph.educationUser",
                  "displayName": "Dana Scully",
                  "userPrincipalName": "Dana.Scully@contoso.edu",
                  "mailNickname": "dscully",
                  "givenName": "Dana", "middleName": "Katherine", "surname": "Scully",
                  "mail": "dana.scully@contoso.edu",
                  "accountEnabled": true,
                  "primaryRole": "Student",
                  "passwordProfile": {"password": "Tr0ub4dor&3-secret", "forceChangePasswordNextSignIn": true},
                  "student": {"externalId": "STU-900", "studentNumber": "900", "grade": "10", "graduationYear": "2027",
                              "birthDate": "2009-05-04", "gender": "female"},
                  "externalSource": "sis",
                  "someFutureProperty": {"ignored": [1, 2, 3]}
                }""";
        Response created = tenant.post(USERS, body);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.body()).doesNotContain("Tr0ub4dor").doesNotContain("passwordProfile").doesNotContain("someFutureProperty");
        JsonNode user = created.json();
        String id = user.get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(created.header("Location")).isEqualTo(server.baseUrl() + "/beta/education/users('" + id + "')");
        assertThat(user.get("@odata.context").asText()).isEqualTo(context("education/users/$entity"));
        assertThat(user.get("displayName").asText()).isEqualTo("Dana Scully");
        assertThat(user.get("userPrincipalName").asText()).isEqualTo("Dana.Scully@contoso.edu");
        assertThat(user.get("mailNickname").asText()).isEqualTo("dscully");
        assertThat(user.get("middleName").asText()).isEqualTo("Katherine");
        assertThat(user.get("mail").asText()).isEqualTo("dana.scully@contoso.edu");
        assertThat(user.get("primaryRole").asText()).isEqualTo("student");
        assertThat(user.get("externalSource").asText()).isEqualTo("manual");
        assertThat(user.get("accountEnabled").asBoolean()).isTrue();
        assertThat(user.get("student").get("birthDate").asText()).isEqualTo("2009-05-04");
        assertThat(user.get("student").get("gender").asText()).isEqualTo("female");
        assertThat(user.get("teacher").isNull()).isTrue();

        JsonNode read = ok(tenant.get(USERS + "/" + id));
        assertThat(withoutAnnotations(read)).isEqualTo(withoutAnnotations(user));
        assertThat(ids(ok(tenant.get(USERS + "?$filter=" + encode("student/externalId eq 'STU-900' and externalSource eq 'manual'")))))
                .containsExactly(id);

        String hash = database.jdbi().withHandle(handle -> handle.createQuery("SELECT password_hash FROM edu_users WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());
        assertThat(hash).startsWith("pbkdf2-sha512$").doesNotContain("Tr0ub4dor");
        assertThat(PasswordHash.matches("Tr0ub4dor&3-secret", hash)).isTrue();
        assertThat(PasswordHash.matches("Tr0ub4dor&3-Secret", hash)).isFalse();
    }

    @Test
    void post_fills_in_defaults_for_what_is_left_out() {
        GraphClient tenant = freshTenant();
        JsonNode user = tenant.post(USERS, minimalUser("mulder@fbi.example.org")).json();
        assertThat(user.get("mailNickname").asText()).isEqualTo("mulder");
        assertThat(user.get("primaryRole").asText()).isEqualTo("none");
        assertThat(user.get("accountEnabled").asBoolean()).isTrue();
        assertThat(user.get("externalSource").asText()).isEqualTo("manual");
        assertThat(user.get("student").isNull()).isTrue();
        assertThat(user.get("mail").isNull()).isTrue();
        assertThat(user.get("assignedLicenses").isArray()).isTrue();
    }

    @Test
    void post_of_a_faculty_member_answers_by_the_prefer_header() {
        GraphClient tenant = freshTenant();
        String body = "{\"displayName\": \"F\", \"userPrincipalName\": \"%s\", \"primaryRole\": \"faculty\"}";
        JsonNode plain = tenant.post(USERS, body.formatted("f1@contoso.edu")).json();
        assertThat(plain.get("primaryRole").asText()).isEqualTo("unknownFutureValue");
        Response preferred = tenant.withHeader("Prefer", PREFER_UNKNOWN).post(USERS, body.formatted("f2@contoso.edu"));
        assertThat(preferred.json().get("primaryRole").asText()).isEqualTo("faculty");
        assertThat(preferred.header("Preference-Applied")).isEqualTo(PREFER_UNKNOWN);
        assertThat(ids(ok(tenant.get(USERS + "?$filter=" + encode("primaryRole eq 'faculty'"))))).hasSize(2);
    }

    @Test
    void a_upn_another_user_holds_is_refused_whatever_its_case() {
        GraphClient tenant = freshTenant();
        assertThat(tenant.post(USERS, minimalUser("jo@contoso.edu")).status()).isEqualTo(201);
        assertGraphError(tenant.post(USERS, minimalUser("JO@Contoso.EDU")), 400, "Request_BadRequest",
                "Another object with the same value for property userPrincipalName already exists.");
        assertThat(tenant.get(USERS + "/$count").body()).isEqualTo("1");
        // UPNs are unique per tenant, not across tenants; and a UPN the sync wrote counts too
        assertThat(freshTenant().post(USERS, minimalUser("jo@contoso.edu")).status()).isEqualTo(201);
        assertGraphError(graph.post(USERS, minimalUser("Teacher1@contoso.edu")), 400, "Request_BadRequest", "Teacher1@contoso.edu");
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{\"displayName\": \"A\", ", "The request body is not valid JSON"),
                Arguments.of("", "The request body is empty"),
                Arguments.of("[]", "The request body must be a JSON object"),
                Arguments.of("{\"userPrincipalName\": \"a@contoso.edu\"}", "Property 'displayName' is required"),
                Arguments.of("{\"displayName\": \"A\"}", "Property 'userPrincipalName' is required"),
                Arguments.of("{\"displayName\": 7, \"userPrincipalName\": \"a@contoso.edu\"}", "Property 'displayName' must be a string, got the number 7"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"accountEnabled\": \"yes\"}",
                        "Property 'accountEnabled' must be a Boolean"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"primaryRole\": \"principal\"}",
                        "Property 'primaryRole' has the invalid value \"principal\"; allowed values: student, teacher, none, faculty"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"primaryRole\": \"unknownFutureValue\"}",
                        "Property 'primaryRole' has the invalid value \"unknownFutureValue\""),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"no-at-sign\"}",
                        "Property 'userPrincipalName' has the invalid value \"no-at-sign\": it must have the form alias@domain"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a b@contoso.edu\"}", "the alias may hold only"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@localhost\"}", "the domain must be a DNS name"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"mailNickname\": \"a b\"}",
                        "Property 'mailNickname' has the invalid value \"a b\""),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"mail\": \"nope\"}",
                        "Property 'mail' has the invalid value \"nope\""),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"passwordProfile\": {}}",
                        "Property 'passwordProfile.password' is required"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"passwordProfile\": \"secret\"}",
                        "Property 'passwordProfile' must be a JSON object, got the string"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"passwordProfile\": {\"password\": 1234}}",
                        "Property 'passwordProfile.password' must be a string"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"student\": {\"birthDate\": \"05/04/2009\"}}",
                        "Property 'student.birthDate' must be a date in the form YYYY-MM-DD, got \"05/04/2009\""),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"student\": {\"gender\": \"x\"}}",
                        "Property 'student.gender' has the invalid value \"x\"; allowed values: female, male, other"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"teacher\": {\"externalId\": 5}}",
                        "Property 'teacher.externalId' must be a string"),
                Arguments.of("{\"displayName\": \"A\", \"userPrincipalName\": \"a@contoso.edu\", \"@odata.type\": \"#microsoft.graph.educationClass\"}",
                        "Invalid OData type specified"),
                Arguments.of("{\"displayName\": \"A\", \"DisplayName\": \"B\", \"userPrincipalName\": \"a@contoso.edu\"}",
                        "appears more than once"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidBodies")
    void an_invalid_body_is_400_and_creates_nothing(String body, String messagePart) {
        GraphClient tenant = freshTenant();
        assertGraphError(tenant.post(USERS, body), 400, "BadRequest", messagePart);
        assertThat(tenant.get(USERS + "/$count").body()).isEqualTo("0");
    }

    @Test
    void only_listing_creates_and_other_methods_are_405() {
        Response patch = graph.patch(USERS + "/" + id("s01"), "{\"displayName\": \"x\"}");
        assertGraphError(patch, 405, "MethodNotAllowed", "PATCH");
        assertThat(patch.header("Allow")).isEqualTo("GET");
        assertGraphError(graph.post(SCHOOLS, "{}"), 405, "MethodNotAllowed", "POST");
        assertThat(ok(graph.get(USERS + "/" + id("s01"))).get("displayName").asText()).isEqualTo("Student 01");
    }
}
