package org.edusync.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.edusync.http.GraphJson;

/**
 * The Graph shapes of directory objects (graph-api.md §8), both ways: what is stored in {@code data} is exactly
 * what is served (less {@code $select}), with explicit nulls for properties edusync does not hold.
 */
final class DirectoryJson {
    private DirectoryJson() {
    }

    static ObjectNode school(EducationSchool school) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("id", school.id());
        node.put("displayName", school.displayName());
        node.putNull("description");
        node.put("externalSource", school.externalSource());
        node.putNull("externalSourceDetail");
        node.put("principalEmail", school.principalEmail());
        node.put("principalName", school.principalName());
        node.put("externalPrincipalId", school.externalPrincipalId());
        node.put("lowestGrade", school.lowestGrade());
        node.put("highestGrade", school.highestGrade());
        node.put("schoolNumber", school.schoolNumber());
        node.put("externalId", school.externalId());
        node.put("phone", school.phone());
        node.putNull("fax");
        EducationSchool.PhysicalAddress address = school.address();
        if (address == null || address.isEmpty()) {
            node.putNull("address");
        } else {
            ObjectNode a = node.putObject("address");
            a.put("city", address.city());
            a.put("countryOrRegion", address.countryOrRegion());
            a.put("postalCode", address.postalCode());
            a.put("state", address.state());
            a.put("street", address.street());
        }
        node.putNull("createdBy");
        return node;
    }

    static ObjectNode educationClass(EducationClass c) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("id", c.id());
        node.put("displayName", c.displayName());
        node.put("mailNickname", c.mailNickname());
        node.putNull("description");
        node.putNull("createdBy");
        node.put("classCode", c.classCode());
        node.put("externalName", c.externalName());
        node.put("externalId", c.externalId());
        node.put("externalSource", c.externalSource());
        node.putNull("externalSourceDetail");
        node.putNull("grade");
        if (c.term() == null) {
            node.putNull("term");
        } else {
            ObjectNode t = node.putObject("term");
            t.put("externalId", c.term().externalId());
            t.put("startDate", c.term().startDate());
            t.put("endDate", c.term().endDate());
            t.put("displayName", c.term().displayName());
        }
        if (c.course() == null) {
            node.putNull("course");
        } else {
            ObjectNode o = node.putObject("course");
            o.put("displayName", c.course().displayName());
            o.put("courseNumber", c.course().courseNumber());
            o.put("description", c.course().description());
            o.put("subject", c.course().subject());
            o.put("externalId", c.course().externalId());
        }
        return node;
    }

    static ObjectNode user(EducationUser user) {
        ObjectNode node = GraphJson.MAPPER.createObjectNode();
        node.put("id", user.id());
        node.put("accountEnabled", user.accountEnabled());
        ArrayNode licenses = node.putArray("assignedLicenses");
        for (String sku : user.licenseSkuIds()) {
            ObjectNode license = licenses.addObject();
            license.putArray("disabledPlans");
            license.put("skuId", sku);
        }
        node.putArray("assignedPlans");
        node.putArray("businessPhones");
        node.putNull("department");
        node.put("displayName", user.displayName());
        node.put("externalSource", user.externalSource());
        node.putNull("externalSourceDetail");
        node.put("givenName", user.givenName());
        node.put("middleName", user.middleName());
        node.put("surname", user.surname());
        node.put("mail", user.mail());
        node.put("mailNickname", user.mailNickname());
        node.putNull("mobilePhone");
        node.putNull("officeLocation");
        node.putNull("passwordPolicies");
        node.putNull("preferredLanguage");
        node.put("primaryRole", user.primaryRole().name());
        node.putArray("provisionedPlans");
        node.putNull("refreshTokensValidFromDateTime");
        node.putArray("relatedContacts");
        node.putNull("showInAddressList");
        node.putNull("usageLocation");
        node.put("userPrincipalName", user.userPrincipalName());
        node.put("userType", "Member");
        node.putNull("onPremisesInfo");
        node.putNull("createdBy");
        node.putNull("mailingAddress");
        node.putNull("residenceAddress");
        if (user.student() == null) {
            node.putNull("student");
        } else {
            ObjectNode s = node.putObject("student");
            s.put("birthDate", user.student().birthDate());
            s.put("externalId", user.student().externalId());
            s.putNull("gender");
            s.put("grade", user.student().grade());
            s.put("graduationYear", user.student().graduationYear());
            s.put("studentNumber", user.student().studentNumber());
        }
        if (user.teacher() == null) {
            node.putNull("teacher");
        } else {
            ObjectNode t = node.putObject("teacher");
            t.put("externalId", user.teacher().externalId());
            t.put("teacherNumber", user.teacher().teacherNumber());
        }
        return node;
    }

    /** The stored user back as a record, for a run that changes part of it (identity matching, updates). */
    static EducationUser readUser(String data, String passwordHash) {
        JsonNode node = parse(data);
        List<String> skus = new ArrayList<>();
        for (JsonNode license : node.path("assignedLicenses")) {
            skus.add(license.path("skuId").asText());
        }
        JsonNode s = node.path("student");
        JsonNode t = node.path("teacher");
        return new EducationUser(text(node, "id"), text(node, "userPrincipalName"), text(node, "mailNickname"), text(node, "mail"),
                text(node, "displayName"), text(node, "givenName"), text(node, "middleName"), text(node, "surname"),
                EducationUser.Role.valueOf(node.path("primaryRole").asText("none")), text(node, "externalSource"),
                node.path("accountEnabled").asBoolean(true), skus,
                s.isObject() ? new EducationUser.Student(text(s, "externalId"), text(s, "studentNumber"), text(s, "grade"),
                        text(s, "graduationYear"), text(s, "birthDate")) : null,
                t.isObject() ? new EducationUser.Teacher(text(t, "externalId"), text(t, "teacherNumber")) : null,
                passwordHash);
    }

    static String write(ObjectNode node) {
        return node.toString();
    }

    static ObjectNode parse(byte[] data) {
        try {
            return (ObjectNode) GraphJson.MAPPER.readTree(data);
        } catch (IOException e) {
            throw new IllegalStateException("A stored directory object is not JSON", e);
        }
    }

    static ObjectNode parse(String data) {
        try {
            return (ObjectNode) GraphJson.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored directory object is not JSON", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
