package org.edusync.directory;

/**
 * A navigation property such as {@code /classes/{id}/members}: the objects linked to one {@code source} object by
 * memberships of one kind. The source is the container of the links ({@code members} of a class) or their member
 * ({@code classes} of a user, read through the index by member).
 */
enum DirectoryNavigation {
    CLASS_MEMBERS(DirectoryResource.CLASSES, "members", DirectoryResource.USERS, Membership.Kind.classMember, Side.CONTAINER),
    CLASS_TEACHERS(DirectoryResource.CLASSES, "teachers", DirectoryResource.USERS, Membership.Kind.classTeacher, Side.CONTAINER),
    CLASS_SCHOOLS(DirectoryResource.CLASSES, "schools", DirectoryResource.SCHOOLS, Membership.Kind.schoolClass, Side.MEMBER),
    SCHOOL_CLASSES(DirectoryResource.SCHOOLS, "classes", DirectoryResource.CLASSES, Membership.Kind.schoolClass, Side.CONTAINER),
    SCHOOL_USERS(DirectoryResource.SCHOOLS, "users", DirectoryResource.USERS, Membership.Kind.schoolUser, Side.CONTAINER),
    USER_CLASSES(DirectoryResource.USERS, "classes", DirectoryResource.CLASSES, Membership.Kind.classMember, Side.MEMBER),
    USER_TAUGHT_CLASSES(DirectoryResource.USERS, "taughtClasses", DirectoryResource.CLASSES, Membership.Kind.classTeacher, Side.MEMBER),
    USER_SCHOOLS(DirectoryResource.USERS, "schools", DirectoryResource.SCHOOLS, Membership.Kind.schoolUser, Side.MEMBER);

    /** Which end of the membership the source object is. */
    enum Side { CONTAINER, MEMBER }

    private final DirectoryResource source;
    private final String property;
    private final DirectoryResource target;
    private final Membership.Kind kind;
    private final Side sourceSide;

    DirectoryNavigation(DirectoryResource source, String property, DirectoryResource target, Membership.Kind kind, Side sourceSide) {
        this.source = source;
        this.property = property;
        this.target = target;
        this.kind = kind;
        this.sourceSide = sourceSide;
    }

    DirectoryResource source() {
        return source;
    }

    String property() {
        return property;
    }

    DirectoryResource target() {
        return target;
    }

    Membership.Kind kind() {
        return kind;
    }

    Side sourceSide() {
        return sourceSide;
    }

    /** {@code education/classes/{id}/members}: the route template. */
    String template() {
        return source.collectionPath() + "/{id}/" + property;
    }
}
