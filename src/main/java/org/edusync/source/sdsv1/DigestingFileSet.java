package org.edusync.source.sdsv1;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A file set read through SHA-256. Once every file has been read to its end, {@link #digest()} names exactly
 * these bytes: what lets a run see that it was given the very files the last run applied.
 */
public final class DigestingFileSet implements SdsFileSet {
    private static final byte[] ABSENT = new byte[0];

    private final SdsFileSet files;
    /** per file, the digest of its last complete read, or ABSENT when the set has no such file */
    private final Map<SdsFile, byte[]> digests = new EnumMap<>(SdsFile.class);

    public DigestingFileSet(SdsFileSet files) {
        this.files = files;
    }

    @Override
    public synchronized InputStream open(SdsFile file) throws IOException {
        digests.remove(file);
        InputStream in = files.open(file);
        if (in == null) {
            digests.put(file, ABSENT);
            return null;
        }
        MessageDigest sha = sha256();
        return new DigestInputStream(in, sha) {
            private boolean ended;

            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ended(super.read(b, off, len));
            }

            private int ended(int read) {
                if (read < 0 && !ended) {
                    ended = true;
                    completed(file, sha.digest());
                }
                return read;
            }
        };
    }

    private synchronized void completed(SdsFile file, byte[] digest) {
        digests.put(file, digest);
    }

    /** Hex SHA-256 over each file's name and digest; empty unless every file was read to its end (or is absent). */
    public synchronized Optional<String> digest() {
        MessageDigest all = sha256();
        for (SdsFile file : SdsFile.values()) {
            byte[] digest = digests.get(file);
            if (digest == null) {
                return Optional.empty();
            }
            all.update(file.fileName().getBytes(StandardCharsets.UTF_8));
            all.update((byte) digest.length);
            all.update(digest);
        }
        return Optional.of(HexFormat.of().formatHex(all.digest()));
    }

    /** A fresh SHA-256 digest: what an upload's files, and a run's input made of them, are told apart by. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
