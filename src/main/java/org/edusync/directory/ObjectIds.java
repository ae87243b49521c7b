package org.edusync.directory;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * New directory object ids: GUIDs as Graph has them, laid out as UUID version 7 (RFC 9562): 48 bits of Unix
 * milliseconds, then random bits. Ids made later sort later, so the index on (tenant, id) grows at its end while a
 * run inserts hundreds of thousands of objects, instead of splitting pages all over a tree that no longer fits in
 * the cache. Clients see an ordinary GUID and rely on nothing else.
 */
public final class ObjectIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectIds() {
    }

    public static String newId() {
        long millis = System.currentTimeMillis();
        long random = RANDOM.nextLong();
        long high = (millis << 16) | 0x7000L | ((random >>> 52) & 0x0fffL);
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
