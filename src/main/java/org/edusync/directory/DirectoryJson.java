package org.edusync.directory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
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

    /** A school as stored and served, written with {@code out}'s generator. */
    static String schoolText(EducationSchool school, ObjectText out) {
        return out.write(g -> {
            g.writeStringField("id", school.id());
            g.writeStringField("displayName", school.displayName());
            g.writeNullField("description");
            g.writeStringField("externalSource", school.externalSource());
            g.writeNullField("externalSourceDetail");
            g.writeStringField("principalEmail", school.principalEmail());
            g.writeStringField("principalName", school.principalName());
            g.writeStringField("externalPrincipalId", school.externalPrincipalId());
            g.writeStringField("lowestGrade", school.lowestGrade());
            g.writeStringField("highestGrade", school.highestGrade());
            g.writeStringField("schoolNumber", school.schoolNumber());
            g.writeStringField("externalId", school.externalId());
            g.writeStringField("phone", school.phone());
            g.writeNullField("fax");
            EducationSchool.PhysicalAddress address = school.address();
            if (address == null || address.isEmpty()) {
                g.writeNullField("address");
            } else {
                g.writeObjectFieldStart("address");
                g.writeStringField("city", address.city());
                g.writeStringField("countryOrRegion", address.countryOrRegion());
                g.writeStringField("postalCode", address.postalCode());
                g.writeStringField("state", address.state());
                g.writeStringField("street", address.street());
                g.writeEndObject();
            }
            g.writeNullField("createdBy");
        });
    }

    /** A class as stored and served, written with {@code out}'s generator. */
    static String classText(EducationClass c, ObjectText out) {
        return out.write(g -> {
            g.writeStringField("id", c.id());
            g.writeStringField("displayName", c.displayName());
            g.writeStringField("mailNickname", c.mailNickname());
            g.writeNullField("description");
            g.writeNullField("createdBy");
            g.writeStringField("classCode", c.classCode());
            g.writeStringField("externalName", c.externalName());
            g.writeStringField("externalId", c.externalId());
            g.writeStringField("externalSource", c.externalSource());
            g.writeNullField("externalSourceDetail");
            g.writeNullField("grade");
            if (c.term() == null) {
                g.writeNullField("term");
            } else {
                g.writeObjectFieldStart("term");
                g.writeStringField("externalId", c.term().externalId());
                g.writeStringField("startDate", c.term().startDate());
                g.writeStringField("endDate", c.term().endDate());
                g.writeStringField("displayName", c.term().displayName());
                g.writeEndObject();
            }
            if (c.course() == null) {
                g.writeNullField("course");
            } else {
                g.writeObjectFieldStart("course");
                g.writeStringField("displayName", c.course().displayName());
                g.writeStringField("courseNumber", c.course().courseNumber());
                g.writeStringField("description", c.course().description());
                g.writeStringField("subject", c.course().subject());
                g.writeStringField("externalId", c.course().externalId());
                g.writeEndObject();
            }
        });
    }

    /** A user as stored and served, written with {@code out}'s generator. */
    static String userText(EducationUser user, ObjectText out) {
        return out.write(g -> {
            g.writeStringField("id", user.id());
            g.writeBooleanField("accountEnabled", user.accountEnabled());
            g.writeArrayFieldStart("assignedLicenses");
            for (String sku : user.licenseSkuIds()) {
                g.writeStartObject();
                emptyArray(g, "disabledPlans");
                g.writeStringField("skuId", sku);
                g.writeEndObject();
            }
            g.writeEndArray();
            emptyArray(g, "assignedPlans");
            emptyArray(g, "businessPhones");
            g.writeNullField("department");
            g.writeStringField("displayName", user.displayName());
            g.writeStringField("externalSource", user.externalSource());
            g.writeNullField("externalSourceDetail");
            g.writeStringField("givenName", user.givenName());
            g.writeStringField("middleName", user.middleName());
            g.writeStringField("surname", user.surname());
            g.writeStringField("mail", user.mail());
            g.writeStringField("mailNickname", user.mailNickname());
            g.writeNullField("mobilePhone");
            g.writeNullField("officeLocation");
            g.writeNullField("passwordPolicies");
            g.writeNullField("preferredLanguage");
            g.writeStringField("primaryRole", user.primaryRole().name());
            emptyArray(g, "provisionedPlans");
            g.writeNullField("refreshTokensValidFromDateTime");
            emptyArray(g, "relatedContacts");
            g.writeNullField("showInAddressList");
            g.writeNullField("usageLocation");
            g.writeStringField("userPrincipalName", user.userPrincipalName());
            g.writeStringField("userType", "Member");
            g.writeNullField("onPremisesInfo");
            g.writeNullField("createdBy");
            g.writeNullField("mailingAddress");
            g.writeNullField("residenceAddress");
            if (user.student() == null) {
                g.writeNullField("student");
            } else {
                g.writeObjectFieldStart("student");
                g.writeStringField("birthDate", user.student().birthDate());
                g.writeStringField("externalId", user.student().externalId());
                g.writeNullField("gender");
                g.writeStringField("grade", user.student().grade());
                g.writeStringField("graduationYear", user.student().graduationYear());
                g.writeStringField("studentNumber", user.student().studentNumber());
                g.writeEndObject();
            }
            if (user.teacher() == null) {
                g.writeNullField("teacher");
            } else {
                g.writeObjectFieldStart("teacher");
                g.writeStringField("externalId", user.teacher().externalId());
                g.writeStringField("teacherNumber", user.teacher().teacherNumber());
                g.writeEndObject();
            }
        });
    }

    /** {@link #userText} as a tree, for a request that creates a user (its own writer: the API writes few). */
    static ObjectNode user(EducationUser user) {
        return parse(userText(user, new ObjectText()));
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** Writes objects one after another with no separator, so that one generator can write many. */
    private static final JsonFactory FACTORY = new JsonFactory();

    static {
        FACTORY.setRootValueSeparator(null);
    }

    /**
     * A generator and the buffer it writes into, kept for object after object: a run writes hundreds of thousands of
     * objects, and building each as a tree first, or a generator and its buffers for each, took about twice as long.
     * Not thread-safe: one writer's, used by one thread at a time (a run's {@link DirectoryWriter} keeps one).
     */
    static final class ObjectText extends Writer {
        /** Characters of buffer kept between objects: a user is about 1,000. */
        private static final int KEPT_CAPACITY = 16 * 1_024;
        private final StringBuilder buffer = new StringBuilder(2_048);
        private JsonGenerator generator = newGenerator();

        private String write(Fields fields) {
            boolean whole = false;
            try {
                generator.writeStartObject();
                fields.write(generator);
                generator.writeEndObject();
                generator.flush();
                String text = buffer.toString();
                whole = true;
                return text;
            } catch (IOException e) {
                throw new UncheckedIOException("Writing to memory failed", e); // (it does not)
            } finally {
                buffer.setLength(0);
                if (buffer.capacity() > KEPT_CAPACITY) {
                    buffer.trimToSize(); // an unusually large object does not stay with the writer
                }
                if (!whole) {
                    // a generator stopped inside an object (a null where a value must be, the heap run out) would
                    // write the next object into this one
                    generator = newGenerator();
                }
            }
        }

        private JsonGenerator newGenerator() {
            try {
                return FACTORY.createGenerator(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            buffer.append(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            buffer.append(text, offset, offset + length);
        }

        @Override
        public void write(int c) {
            buffer.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static void emptyArray(JsonGenerator g, String name) throws IOException {
        g.writeArrayFieldStart(name);
        g.writeEndArray();
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
