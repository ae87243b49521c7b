package org.edusync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.edusync.generate.GeneratedSet;
import org.edusync.source.sdsv1.SdsFile;

/** A row of {@code runs} as the engine left it, read with JDBC, and what must hold of it whenever a server dies. */
record StoredRun(String id, String state, String leaseOwner, long leaseUntilMicros, long startedAtMicros, long endedAtMicros, long recordsDone,
                 long recordsTotal, JsonNode report) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The only run of the profile. */
    static StoredRun only(String jdbcUrl, String tenant, String profile) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            StoredRun run = single(connection, tenant, profile);
            assertThat(run).as("exactly one run of profile %s", profile).isNotNull();
            return run;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the run of profile " + profile, e);
        }
    }

    /** The profile's run when it has exactly one, else null. */
    static StoredRun single(Connection connection, String tenant, String profile) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT id, state, lease_owner, lease_until, started_at, ended_at, records_done, records_total, report"
                + " FROM runs WHERE tenant_id = ? AND profile_id = ?")) {
            q.setString(1, tenant);
            q.setString(2, profile);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String report = rs.getString("report");
                StoredRun run = new StoredRun(rs.getString("id"), rs.getString("state"), rs.getString("lease_owner"), rs.getLong("lease_until"),
                        rs.getLong("started_at"), rs.getLong("ended_at"), rs.getLong("records_done"), rs.getLong("records_total"), report == null ? JSON.createObjectNode() : JSON.readTree(report));
                return rs.next() ? null : run;
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError("the stored report of profile " + profile + " is not JSON", e);
        }
    }

    /**
     * What a crash must leave: whole batches. The directory holds exactly what the baseline says was written, and
     * the report and progress committed with the batches count the same records. Holds on a first attempt and on a
     * resumed one (a resumed attempt recounts what is applied before it writes its first batch). {@code dump} must
     * hold this run (read in its snapshot).
     */
    static void assertWholeBatches(DirectoryDump dump) {
        assertThat(dump.run).as("the profile's one run").isNotNull();
        JsonNode report = dump.run.report();
        long recordsDone = dump.run.recordsDone();
        assertThat(dump.dangling).as("baseline entries or memberships pointing at no object").isEmpty();
        assertThat(dump.duplicates).as("objects or memberships stored twice").isEmpty();
        assertThat(count(dump.objectCounts.get("schools"))).as("schools = applied school records").isEqualTo(count(dump.baselineCounts.get("school")));
        assertThat(count(dump.objectCounts.get("classes"))).as("classes = applied section records").isEqualTo(count(dump.baselineCounts.get("section")));
        assertThat(count(dump.objectCounts.get("users"))).as("users = applied student and teacher records")
                .isEqualTo(count(dump.baselineCounts.get("student")) + count(dump.baselineCounts.get("teacher")));
        // a container's links are written with its links entry, in one batch
        assertThat(dump.linkedContainers).as("containers with memberships have their links entry")
                .allMatch(container -> dump.baseline.containsKey((container.startsWith("class:") ? "sectionLinks|" : "schoolLinks|")
                        + container.substring(container.indexOf(':') + 1)));
        for (String entity : new String[] {"school", "section", "student", "teacher"}) {
            assertThat(report.path(entity).path("created").asLong()).as("report: %s created = applied records", entity)
                    .isEqualTo(count(dump.baselineCounts.get(entity)));
        }
        assertThat(report.path("studentEnrollment").path("created").asLong()).as("report: studentEnrollment created = applied enrollments")
                .isEqualTo(dump.memberships("classMember", "student"));
        assertThat(report.path("teacherRoster").path("created").asLong()).as("report: teacherRoster created = applied roster rows")
                .isEqualTo(dump.memberships("classTeacher", "teacher"));
        for (String entity : RunReport.ENTITIES) {
            assertThat(report.path(entity).path("failed").asLong()).as("report: %s failed (a set without defects)", entity).isZero();
        }
        long records = dump.memberships("classMember", "student") + dump.memberships("classTeacher", "teacher");
        for (String entity : new String[] {"school", "section", "student", "teacher"}) {
            records += count(dump.baselineCounts.get(entity));
        }
        assertThat(recordsDone).as("progress (records_done) = applied records").isEqualTo(records);
    }

    /** A finished run's report: every row of the files created once, nothing else. */
    static void assertCountsTheFiles(JsonNode counts, GeneratedSet set) {
        java.util.Map<String, SdsFile> files = java.util.Map.of("school", SdsFile.SCHOOL, "section", SdsFile.SECTION, "student", SdsFile.STUDENT,
                "teacher", SdsFile.TEACHER, "studentEnrollment", SdsFile.STUDENT_ENROLLMENT, "teacherRoster", SdsFile.TEACHER_ROSTER);
        files.forEach((entity, file) -> {
            JsonNode c = counts.path(entity);
            assertThat(c.path("created").asLong()).as("%s created: %s", entity, counts).isEqualTo(set.rows(file));
            assertThat(c.path("updated").asLong() + c.path("unchanged").asLong() + c.path("unlinked").asLong() + c.path("failed").asLong())
                    .as("%s updated + unchanged + unlinked + failed: %s", entity, counts).isZero();
        });
    }

    private static long count(Long value) {
        return value == null ? 0 : value;
    }
}
