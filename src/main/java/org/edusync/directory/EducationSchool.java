package org.edusync.directory;

/**
 * An educationSchool. {@code externalId} is the SIS ID of the School row; {@code externalSource} is {@code sis}
 * for schools a profile made and {@code manual} otherwise.
 */
public record EducationSchool(String id, String externalId, String displayName, String schoolNumber, String externalPrincipalId,
                              String principalName, String principalEmail, String lowestGrade, String highestGrade, String phone,
                              PhysicalAddress address, String externalSource) {
    /** A physicalAddress; every part may be null. */
    public record PhysicalAddress(String street, String city, String state, String postalCode, String countryOrRegion) {
        public boolean isEmpty() {
            return street == null && city == null && state == null && postalCode == null && countryOrRegion == null;
        }
    }
}
