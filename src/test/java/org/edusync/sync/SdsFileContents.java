package org.edusync.sync;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The directory a US-format SDS v1 folder (as {@code generate} writes it) describes, in the keys of
 * {@link DirectoryDump}: the objects, each user's userPrincipalName, and every membership.
 */
record SdsFileContents(Set<String> objects, Map<String, String> userPrincipalNames, Set<String> memberships) {

    static SdsFileContents of(Path folder, String studentDomain, String teacherDomain) {
        Set<String> objects = new HashSet<>();
        Map<String, String> upns = new HashMap<>();
        Set<String> memberships = new HashSet<>();
        rows(folder.resolve("School.csv"), r -> objects.add("school:" + r.getField("SIS ID")));
        rows(folder.resolve("Section.csv"), r -> {
            objects.add("class:" + r.getField("SIS ID"));
            memberships.add("schoolClass|school:" + r.getField("School SIS ID") + "|class:" + r.getField("SIS ID"));
        });
        rows(folder.resolve("Student.csv"), r -> {
            String key = "student:" + r.getField("SIS ID");
            objects.add(key);
            upns.put(key, r.getField("Username") + "@" + studentDomain);
            memberships.add("schoolUser|school:" + r.getField("School SIS ID") + "|" + key);
        });
        rows(folder.resolve("Teacher.csv"), r -> {
            String key = "teacher:" + r.getField("SIS ID");
            objects.add(key);
            upns.put(key, r.getField("Username") + "@" + teacherDomain);
            memberships.add("schoolUser|school:" + r.getField("School SIS ID") + "|" + key);
        });
        rows(folder.resolve("StudentEnrollment.csv"), r ->
                memberships.add("classMember|class:" + r.getField("Section SIS ID") + "|student:" + r.getField("SIS ID")));
        rows(folder.resolve("TeacherRoster.csv"), r -> {
            memberships.add("classMember|class:" + r.getField("Section SIS ID") + "|teacher:" + r.getField("SIS ID"));
            memberships.add("classTeacher|class:" + r.getField("Section SIS ID") + "|teacher:" + r.getField("SIS ID"));
        });
        return new SdsFileContents(objects, upns, memberships);
    }

    /** The differences between this and a directory dump; empty when the directory is exactly what the files say. */
    String differenceFrom(DirectoryDump dump) {
        StringBuilder problems = new StringBuilder();
        String objectDiff = DirectoryDump.difference(objects, dump.objects.keySet());
        if (!objectDiff.isEmpty()) {
            problems.append("objects: ").append(objectDiff).append('\n');
        }
        Map<String, String> stored = new HashMap<>();
        dump.objects.forEach((key, row) -> {
            if (key.startsWith("student:") || key.startsWith("teacher:")) {
                stored.put(key, row.substring(0, row.indexOf('|')));
            }
        });
        String upnDiff = DirectoryDump.difference(userPrincipalNames, stored);
        if (!upnDiff.isEmpty()) {
            problems.append("userPrincipalNames: ").append(upnDiff).append('\n');
        }
        String membershipDiff = DirectoryDump.difference(memberships, dump.memberships);
        if (!membershipDiff.isEmpty()) {
            problems.append("memberships: ").append(membershipDiff).append('\n');
        }
        if (!dump.duplicates.isEmpty()) {
            problems.append("duplicates: ").append(dump.duplicates.subList(0, Math.min(5, dump.duplicates.size())))
                    .append(" (").append(dump.duplicates.size()).append(")\n");
        }
        if (!dump.dangling.isEmpty()) {
            problems.append("references to no object: ").append(dump.dangling.size()).append('\n');
        }
        return problems.toString();
    }

    private static void rows(Path file, Consumer<NamedCsvRecord> each) {
        try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(file)) {
            csv.forEach(each);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
