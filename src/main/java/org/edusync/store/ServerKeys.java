package org.edusync.store;

import java.security.SecureRandom;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/** Random keys that the server creates once and every instance on the same database then shares. */
public final class ServerKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbi jdbi;

    public ServerKeys(Database database) {
        this.jdbi = database.jdbi();
    }

    /** The key called {@code name}; the first caller on a database creates it, racing instances agree on one. */
    public byte[] getOrCreate(String name, int lengthBytes) {
        byte[] fresh = new byte[lengthBytes];
        RANDOM.nextBytes(fresh);
        String encoded = jdbi.inTransaction(handle -> {
            handle.createUpdate("INSERT INTO server_keys (name, key_base64) VALUES (:name, :key) ON CONFLICT (name) DO NOTHING")
                    .bind("name", name)
                    .bind("key", Base64.getEncoder().encodeToString(fresh))
                    .execute();
            return handle.createQuery("SELECT key_base64 FROM server_keys WHERE name = :name")
                    .bind("name", name)
                    .mapTo(String.class)
                    .one();
        });
        return Base64.getDecoder().decode(encoded);
    }
}
