package org.edusync.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edusync.testing.Profiles;

/** Valid profile bodies of every provider and identity kind, the seeds that mutation starts from. */
final class ValidBodies {
    private ValidBodies() {
    }

    static final String MATCHING = """
            {"@odata.type": "#microsoft.graph.educationIdentityMatchingConfiguration",
             "matchingOptions": [
               {"appliesTo": "student", "sourcePropertyName": "Username", "targetPropertyName": "userPrincipalName", "targetDomain": "contoso.edu"},
               {"appliesTo": "teacher", "sourcePropertyName": "Username", "targetPropertyName": "userPrincipalName", "targetDomain": "contoso.edu"}]}""";

    static final List<String> ALL = List.of(
            example(),
            Profiles.csvProfile("Fuzz CSV"),
            """
            {"displayName": "Fuzz matching", "dataProvider": {"@odata.type": "#microsoft.graph.educationCsvDataProvider",
              "customizations": {"school": {"allowDisplayNameUpdate": false}, "section": {"optionalPropertiesToSync": null},
                "student": {"optionalPropertiesToSync": ["State ID"], "synchronizationStartDate": "2030-01-01T00:00:00Z",
                  "isSyncDeferred": true}, "teacherRoster": {"allowDisplayNameUpdate": true}}},
             "identitySynchronizationConfiguration": %s, "handleSpecialCharacterConstraint": true,
             "expirationDate": "2027-06-30"}""".formatted(MATCHING),
            """
            {"displayName": "Fuzz PowerSchool", "dataProvider": {"@odata.type": "#microsoft.graph.educationPowerSchoolDataProvider",
              "connectionUrl": "https://powerschool.example.edu", "clientId": "ps-client", "clientSecret": "s3cret",
              "schoolsIds": ["55"], "schoolYear": "2024", "allowTeachersInMultipleSchools": false},
             "identitySynchronizationConfiguration": %s}""".formatted(MATCHING),
            """
            {"displayName": "Fuzz OneRoster", "dataProvider": {"@odata.type": "#microsoft.graph.educationOneRosterApiDataProvider",
              "connectionUrl": "https://oneroster.example.edu/ims/oneroster/v1p1", "providerName": "Example SIS",
              "schoolsIds": ["org-1"], "termIds": ["term-2024"],
              "connectionSettings": {"@odata.type": "#microsoft.graph.educationSynchronizationOAuth1ConnectionSettings",
                "clientId": "or-client", "clientSecret": "s3cret"}},
             "identitySynchronizationConfiguration": {"@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
               "userDomains": [{"appliesTo": "student", "name": "testschool.edu"}, {"appliesTo": "teacher", "name": "testschool.edu"}]},
             "licensesToAssign": [{"appliesTo": "student", "skuIds": ["314c4481-f395-4525-be8b-2ec4bb1e9d91"]}]}""");

    /** The README's example, {@code docs/examples/csv-profile.json}. */
    private static String example() {
        try {
            return Files.readString(Path.of("docs", "examples", "csv-profile.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("Run the tests from the project root", e);
        }
    }
}
