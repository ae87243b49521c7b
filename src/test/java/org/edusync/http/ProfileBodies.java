package org.edusync.http;

/** Profile request bodies beyond the docs' CSV example of {@link org.edusync.testing.Profiles}. */
final class ProfileBodies {
    private ProfileBodies() {
    }

    static final String MATCHING = """
            {
              "@odata.type": "#microsoft.graph.educationIdentityMatchingConfiguration",
              "matchingOptions": [
                { "appliesTo": "student", "sourcePropertyName": "Username", "targetPropertyName": "userPrincipalName", "targetDomain": "contoso.edu" },
                { "appliesTo": "teacher", "sourcePropertyName": "Username", "targetPropertyName": "userPrincipalName", "targetDomain": "contoso.edu" }
              ]
            }""";

    static final String CREATION = """
            {
              "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
              "userDomains": [
                { "appliesTo": "student", "name": "testschool.edu" },
                { "appliesTo": "teacher", "name": "testschool.edu" }
              ]
            }""";

    /** A CSV profile with the given identity configuration and any extra top-level properties (JSON members, comma-led). */
    static String csv(String displayName, String identity, String extraMembers) {
        return """
                {
                  "displayName": "%s",
                  "dataProvider": { "@odata.type": "#microsoft.graph.educationCsvDataProvider" },
                  "identitySynchronizationConfiguration": %s%s
                }
                """.formatted(displayName, identity, extraMembers);
    }

    static String powerSchool(String displayName, String clientSecret) {
        return """
                {
                  "displayName": "%s",
                  "dataProvider": {
                    "@odata.type": "#microsoft.graph.educationPowerSchoolDataProvider",
                    "connectionUrl": "https://powerschool.example.edu",
                    "clientId": "ps-client",
                    "clientSecret": "%s",
                    "schoolsIds": ["55"],
                    "schoolYear": "2024",
                    "allowTeachersInMultipleSchools": false
                  },
                  "identitySynchronizationConfiguration": %s
                }
                """.formatted(displayName, clientSecret, MATCHING);
    }

    static String oneRoster(String displayName, String clientSecret) {
        return """
                {
                  "displayName": "%s",
                  "dataProvider": {
                    "@odata.type": "#microsoft.graph.educationOneRosterApiDataProvider",
                    "connectionUrl": "https://oneroster.example.edu/ims/oneroster/v1p1",
                    "providerName": "Example SIS",
                    "schoolsIds": ["org-1"],
                    "termIds": ["term-2024"],
                    "connectionSettings": {
                      "@odata.type": "#microsoft.graph.educationSynchronizationOAuth2ClientCredentialsConnectionSettings",
                      "clientId": "or-client",
                      "clientSecret": "%s",
                      "tokenUrl": "https://oneroster.example.edu/oauth/token",
                      "scope": "roster.readonly"
                    }
                  },
                  "identitySynchronizationConfiguration": %s
                }
                """.formatted(displayName, clientSecret, CREATION);
    }
}
