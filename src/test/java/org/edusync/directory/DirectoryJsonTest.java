package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is stored is what is served: the text of each object must be its Graph shape, field for field, in Graph's
 * order, with explicit nulls; and a run reads stored users back to compare and rewrite them, so what it reads must be
 * the user that was written.
 */
class DirectoryJsonTest {

    @Test
    void schools_are_stored_in_their_graph_shape() {
        EducationSchool withAddress = new EducationSchool("s-1", "100", "Contoso \"High\"", "A-1", "p1", "Pat Q", "pat@contoso.edu", "9", "12",
                "555-0100", new EducationSchool.PhysicalAddress("1 Main St", "Redmond", "WA", "98052", "US"), "sis");
        assertThat(DirectoryJson.schoolText(withAddress, new DirectoryJson.ObjectText())).isEqualTo(json("{\"id\":\"s-1\",\"displayName\":\"Contoso \\\"High\\\"\",",
                "\"description\":null,\"externalSource\":\"sis\",\"externalSourceDetail\":null,\"principalEmail\":\"pat@contoso.edu\",",
                "\"principalName\":\"Pat Q\",\"externalPrincipalId\":\"p1\",\"lowestGrade\":\"9\",\"highestGrade\":\"12\",",
                "\"schoolNumber\":\"A-1\",\"externalId\":\"100\",\"phone\":\"555-0100\",\"fax\":null,",
                "\"address\":{\"city\":\"Redmond\",\"countryOrRegion\":\"US\",\"postalCode\":\"98052\",\"state\":\"WA\",\"street\":\"1 Main St\"},",
                "\"createdBy\":null}"));
        EducationSchool bare = new EducationSchool("s-2", "200", "\u03a9 School", null, null, null, null, null, null, null, null, "manual");
        assertThat(DirectoryJson.schoolText(bare, new DirectoryJson.ObjectText())).isEqualTo(json("{\"id\":\"s-2\",\"displayName\":\"\u03a9 School\",\"description\":null,",
                "\"externalSource\":\"manual\",\"externalSourceDetail\":null,\"principalEmail\":null,\"principalName\":null,",
                "\"externalPrincipalId\":null,\"lowestGrade\":null,\"highestGrade\":null,\"schoolNumber\":null,\"externalId\":\"200\",",
                "\"phone\":null,\"fax\":null,\"address\":null,\"createdBy\":null}"));
    }

    @Test
    void classes_are_stored_in_their_graph_shape() {
        EducationClass full = new EducationClass("c-1", "S-1", "Algebra\\1", "Section_S-1", "ALG", "Algebra\\1",
                new EducationClass.Term("T1", "Fall", "2026-08-01", "2026-12-20"), new EducationClass.Course("C1", "Algebra", "101", "Tab\there", "Math"),
                "sis");
        assertThat(DirectoryJson.classText(full, new DirectoryJson.ObjectText())).isEqualTo(json("{\"id\":\"c-1\",\"displayName\":\"Algebra\\\\1\",",
                "\"mailNickname\":\"Section_S-1\",\"description\":null,\"createdBy\":null,\"classCode\":\"ALG\",",
                "\"externalName\":\"Algebra\\\\1\",\"externalId\":\"S-1\",\"externalSource\":\"sis\",\"externalSourceDetail\":null,",
                "\"grade\":null,\"term\":{\"externalId\":\"T1\",\"startDate\":\"2026-08-01\",\"endDate\":\"2026-12-20\",\"displayName\":\"Fall\"},",
                "\"course\":{\"displayName\":\"Algebra\",\"courseNumber\":\"101\",\"description\":\"Tab\\there\",\"subject\":\"Math\",",
                "\"externalId\":\"C1\"}}"));
        EducationClass bare = new EducationClass("c-2", null, "Art", "art", null, null, null, null, "manual");
        assertThat(DirectoryJson.classText(bare, new DirectoryJson.ObjectText())).isEqualTo(json("{\"id\":\"c-2\",\"displayName\":\"Art\",\"mailNickname\":\"art\",",
                "\"description\":null,\"createdBy\":null,\"classCode\":null,\"externalName\":null,\"externalId\":null,",
                "\"externalSource\":\"manual\",\"externalSourceDetail\":null,\"grade\":null,\"term\":null,\"course\":null}"));
    }

    @Test
    void users_are_stored_in_their_graph_shape() {
        EducationUser student = new EducationUser("u-1", "JCohen3@students.contoso.edu", "JCohen3", null, "Ji\u0159\u00ed Cohen", "Ji\u0159\u00ed",
                "Jo\u00e3o", "Cohen", EducationUser.Role.student, "sis", true, List.of(),
                new EducationUser.Student("30000001", "S-1", "9", "2029", "2011-02-03"), null, "hash");
        assertThat(DirectoryJson.userText(student, new DirectoryJson.ObjectText())).isEqualTo(json("{\"id\":\"u-1\",\"accountEnabled\":true,\"assignedLicenses\":[],",
                "\"assignedPlans\":[],\"businessPhones\":[],\"department\":null,\"displayName\":\"Ji\u0159\u00ed Cohen\",",
                "\"externalSource\":\"sis\",\"externalSourceDetail\":null,\"givenName\":\"Ji\u0159\u00ed\",\"middleName\":\"Jo\u00e3o\",",
                "\"surname\":\"Cohen\",\"mail\":null,\"mailNickname\":\"JCohen3\",\"mobilePhone\":null,\"officeLocation\":null,",
                "\"passwordPolicies\":null,\"preferredLanguage\":null,\"primaryRole\":\"student\",\"provisionedPlans\":[],",
                "\"refreshTokensValidFromDateTime\":null,\"relatedContacts\":[],\"showInAddressList\":null,\"usageLocation\":null,",
                "\"userPrincipalName\":\"JCohen3@students.contoso.edu\",\"userType\":\"Member\",\"onPremisesInfo\":null,\"createdBy\":null,",
                "\"mailingAddress\":null,\"residenceAddress\":null,\"student\":{\"birthDate\":\"2011-02-03\",\"externalId\":\"30000001\",",
                "\"gender\":null,\"grade\":\"9\",\"graduationYear\":\"2029\",\"studentNumber\":\"S-1\"},\"teacher\":null}"));
        EducationUser teacher = new EducationUser("u-2", "t@x.edu", null, "T@X.edu", "Quote \" and \\ and \u0001", null, null, null,
                EducationUser.Role.teacher, "sis", false, List.of("a", "b"), null, new EducationUser.Teacher("40000001", null), null);
        assertThat(DirectoryJson.userText(teacher, new DirectoryJson.ObjectText())).isEqualTo(json("{\"id\":\"u-2\",\"accountEnabled\":false,",
                "\"assignedLicenses\":[{\"disabledPlans\":[],\"skuId\":\"a\"},{\"disabledPlans\":[],\"skuId\":\"b\"}],",
                "\"assignedPlans\":[],\"businessPhones\":[],\"department\":null,\"displayName\":\"Quote \\\" and \\\\ and \\u0001\",",
                "\"externalSource\":\"sis\",\"externalSourceDetail\":null,\"givenName\":null,\"middleName\":null,\"surname\":null,",
                "\"mail\":\"T@X.edu\",\"mailNickname\":null,\"mobilePhone\":null,\"officeLocation\":null,\"passwordPolicies\":null,",
                "\"preferredLanguage\":null,\"primaryRole\":\"teacher\",\"provisionedPlans\":[],\"refreshTokensValidFromDateTime\":null,",
                "\"relatedContacts\":[],\"showInAddressList\":null,\"usageLocation\":null,\"userPrincipalName\":\"t@x.edu\",",
                "\"userType\":\"Member\",\"onPremisesInfo\":null,\"createdBy\":null,\"mailingAddress\":null,\"residenceAddress\":null,",
                "\"student\":null,\"teacher\":{\"externalId\":\"40000001\",\"teacherNumber\":null}}"));
    }

    @Test
    void users_read_back_as_they_were_written() {
        List<EducationUser> users = List.of(
                new EducationUser("0192f0e4-0000-7000-8000-000000000001", "JCohen3@students.contoso.edu", "JCohen3", null, "Jiří Cohen",
                        "Jiří", "João", "Cohen", EducationUser.Role.student, "sis", true, List.of("314c4481-f395-4525-be8b-2ec4bb1e9d91"),
                        new EducationUser.Student("30000001", "S-1", "9", "2029", "2011-02-03"), null, "hash"),
                new EducationUser("id-2", "t@x.edu", null, "T@X.edu", "Quote \" and \\ and \u2028", null, null, null,
                        EducationUser.Role.teacher, "sis", false, List.of("a", "b"), null, new EducationUser.Teacher("40000001", null), null),
                new EducationUser("id-3", "n@x.edu", "n", null, null, null, null, null, EducationUser.Role.none, "manual", true, List.of(),
                        null, null, null),
                new EducationUser("id-4", "f@x.edu", "f", null, "F", null, null, null, EducationUser.Role.faculty, "sis", true, List.of(),
                        null, new EducationUser.Teacher(null, "T-9"), "h"));
        for (EducationUser user : users) {
            assertThat(DirectoryJson.readUser(DirectoryJson.userText(user, new DirectoryJson.ObjectText()), user.passwordHash())).isEqualTo(user);
        }
    }

    @Test
    void an_object_that_fails_half_written_leaves_the_next_one_whole() {
        // a run's writer keeps one generator for all the objects it writes: one left inside an object would corrupt the next
        DirectoryJson.ObjectText out = new DirectoryJson.ObjectText();
        EducationUser broken = new EducationUser("u-3", "b@x.edu", "b", null, "B", null, null, null, null, "manual", true,
                List.of(), null, null, null); // no role: fails after half of its fields
        EducationUser next = new EducationUser("u-4", "n@x.edu", "n", null, "N", null, null, null, EducationUser.Role.none, "manual", true,
                List.of(), null, null, null);
        assertThatThrownBy(() -> DirectoryJson.userText(broken, out)).isInstanceOf(NullPointerException.class);
        assertThat(DirectoryJson.userText(next, out)).isEqualTo(DirectoryJson.userText(next, new DirectoryJson.ObjectText()))
                .startsWith("{\"id\":\"u-4\",\"accountEnabled\":true,\"assignedLicenses\":[],");
        assertThat(DirectoryJson.readUser(DirectoryJson.userText(next, out), null)).isEqualTo(next);
    }

    @Test
    void a_large_object_is_written_whole_and_so_is_the_small_one_after_it() {
        // the writer's buffer is cut back after an unusually large object: what comes next must not suffer for it
        DirectoryJson.ObjectText out = new DirectoryJson.ObjectText();
        String longName = "x".repeat(100_000);
        EducationUser large = new EducationUser("u-5", "l@x.edu", "l", null, longName, null, null, null, EducationUser.Role.none, "manual", true,
                List.of(), null, null, null);
        EducationUser small = new EducationUser("u-6", "s@x.edu", "s", null, "S", null, null, null, EducationUser.Role.none, "manual", true,
                List.of(), null, null, null);
        assertThat(DirectoryJson.readUser(DirectoryJson.userText(large, out), null)).isEqualTo(large);
        assertThat(DirectoryJson.userText(small, out)).isEqualTo(DirectoryJson.userText(small, new DirectoryJson.ObjectText())).doesNotContain("xxx");
    }

    @Test
    void objects_written_one_after_another_by_one_writer_are_each_written_as_alone() {
        DirectoryJson.ObjectText out = new DirectoryJson.ObjectText();
        EducationSchool school = new EducationSchool("s-3", "300", "S", null, null, null, null, null, null, null, null, "sis");
        EducationClass section = new EducationClass("c-3", "S-3", "C", "Section_S-3", null, "C", null, null, "sis");
        EducationUser user = new EducationUser("u-7", "u@x.edu", "u", null, "U", null, null, null, EducationUser.Role.student, "sis", true,
                List.of(), new EducationUser.Student("7", null, null, null, null), null, null);
        for (int round = 0; round < 2; round++) {
            assertThat(DirectoryJson.schoolText(school, out)).isEqualTo(DirectoryJson.schoolText(school, new DirectoryJson.ObjectText()));
            assertThat(DirectoryJson.classText(section, out)).isEqualTo(DirectoryJson.classText(section, new DirectoryJson.ObjectText()));
            assertThat(DirectoryJson.userText(user, out)).isEqualTo(DirectoryJson.userText(user, new DirectoryJson.ObjectText()));
        }
    }

    private static String json(String... parts) {
        return String.join("", parts);
    }
}
