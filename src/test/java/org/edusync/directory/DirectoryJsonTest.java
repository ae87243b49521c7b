package org.edusync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run reads stored users back to compare and rewrite them: what it reads must be the user that was written. */
class DirectoryJsonTest {

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
            assertThat(DirectoryJson.readUser(DirectoryJson.write(DirectoryJson.user(user)), user.passwordHash())).isEqualTo(user);
        }
    }
}
