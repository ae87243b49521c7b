package org.edusync.testing;

/** Request bodies used across tests, in the shapes of Graph's own documentation. */
public final class Profiles {
    private Profiles() {
    }

    /** The create example of the Graph docs: a CSV profile with identity creation and licences. */
    public static String csvProfile(String displayName) {
        return """
                {
                  "displayName": "%s",
                  "dataProvider": {
                    "@odata.type": "#microsoft.graph.educationCsvDataProvider",
                    "customizations": { "student": { "optionalPropertiesToSync": ["State ID", "Middle Name"] } }
                  },
                  "identitySynchronizationConfiguration": {
                    "@odata.type": "#microsoft.graph.educationIdentityCreationConfiguration",
                    "userDomains": [
                      { "appliesTo": "student", "name": "testschool.edu" },
                      { "appliesTo": "teacher", "name": "testschool.edu" }
                    ]
                  },
                  "licensesToAssign": [
                    { "appliesTo": "teacher", "skuIds": ["6fd2c87f-b296-42f0-b197-1e91e994b900"] },
                    { "appliesTo": "student", "skuIds": ["6fd2c87f-b296-42f0-b197-1e91e994b900"] }
                  ]
                }
                """.formatted(displayName);
    }
}
