package org.edusync.bench.jmh;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.edusync.directory.EducationClass;
import org.edusync.directory.EducationUser;
import org.edusync.source.RosterRecord;
import org.edusync.sync.SyncSettings;

/**
 * The package-private members the benchmarks call, reached through method handles so that the main code keeps its
 * visibility: the record hash and mapping of the sync engine, the settings fingerprint and hash seed, the directory's
 * JSON form.
 * The handles sit in static final fields, which the JIT treats as constants and inlines like a direct call.
 * A renamed or changed member fails here, when the class loads, naming what it looked for.
 */
final class Internals {
    /** {@code RecordMapping.hash(Object, long)}: the 64-bit FNV-1a hash of a record's written form, from a run's seed. */
    static final MethodHandle HASH;
    /** {@code RecordMapping.seed(String)}: a run's hash seed, from its settings fingerprint. */
    static final MethodHandle SEED;
    /** {@code new RecordMapping(SyncSettings)}, typed {@code (SyncSettings)Object}. */
    static final MethodHandle MAPPING;
    /** {@code RecordMapping.createdUser(String, RosterRecord, Role)}, typed with the mapping as {@code Object}. */
    static final MethodHandle CREATED_USER;
    /** {@code RecordMapping.section(String, RosterRecord)}, typed with the mapping as {@code Object}. */
    static final MethodHandle SECTION;
    /** {@code SyncSettings.fingerprint()}. */
    static final MethodHandle FINGERPRINT;
    private static final MethodHandle USER_NODE;
    private static final MethodHandle WRITE_NODE;

    static {
        try {
            Class<?> mapping = Class.forName("org.edusync.sync.RecordMapping");
            MethodHandles.Lookup sync = MethodHandles.privateLookupIn(mapping, MethodHandles.lookup());
            HASH = sync.findStatic(mapping, "hash", MethodType.methodType(long.class, Object.class, long.class));
            SEED = sync.findStatic(mapping, "seed", MethodType.methodType(long.class, String.class));
            MAPPING = sync.findConstructor(mapping, MethodType.methodType(void.class, SyncSettings.class))
                    .asType(MethodType.methodType(Object.class, SyncSettings.class));
            CREATED_USER = sync.findVirtual(mapping, "createdUser",
                            MethodType.methodType(EducationUser.class, String.class, RosterRecord.class, EducationUser.Role.class))
                    .asType(MethodType.methodType(EducationUser.class, Object.class, String.class, RosterRecord.class,
                            EducationUser.Role.class));
            SECTION = sync.findVirtual(mapping, "section", MethodType.methodType(EducationClass.class, String.class, RosterRecord.class))
                    .asType(MethodType.methodType(EducationClass.class, Object.class, String.class, RosterRecord.class));
            FINGERPRINT = sync.findVirtual(SyncSettings.class, "fingerprint", MethodType.methodType(String.class));
            Class<?> json = Class.forName("org.edusync.directory.DirectoryJson");
            MethodHandles.Lookup directory = MethodHandles.privateLookupIn(json, MethodHandles.lookup());
            Class<?> node = Class.forName("com.fasterxml.jackson.databind.node.ObjectNode");
            USER_NODE = directory.findStatic(json, "user", MethodType.methodType(node, EducationUser.class));
            WRITE_NODE = directory.findStatic(json, "write", MethodType.methodType(String.class, node));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Internals() {
    }

    /** What the directory stores in {@code edu_users.data} for {@code user}. */
    static String userJson(EducationUser user) {
        try {
            return (String) WRITE_NODE.invoke(USER_NODE.invoke(user));
        } catch (Throwable e) {
            throw new IllegalStateException("DirectoryJson.user failed for " + user.userPrincipalName(), e);
        }
    }

    static String fingerprint(SyncSettings settings) {
        try {
            return (String) FINGERPRINT.invokeExact(settings);
        } catch (Throwable e) {
            throw new IllegalStateException("SyncSettings.fingerprint failed", e);
        }
    }

    static long seed(String fingerprint) {
        try {
            return (long) SEED.invokeExact(fingerprint);
        } catch (Throwable e) {
            throw new IllegalStateException("RecordMapping.seed failed", e);
        }
    }

    static Object mapping(SyncSettings settings) {
        try {
            return (Object) MAPPING.invokeExact(settings);
        } catch (Throwable e) {
            throw new IllegalStateException("new RecordMapping failed", e);
        }
    }
}
