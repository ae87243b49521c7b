package org.edusync.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;

/**
 * Creates a file that is written once and never replaced. The content goes to a temporary file first and is
 * then published with a hard link, which fails atomically when the target already exists: of several
 * processes racing on first use, exactly one wins, and the others read the winner's file afterwards.
 */
final class WriteOnceFile {
    private WriteOnceFile() {
    }

    /** Returns without writing when {@code target} exists or another process creates it meanwhile. */
    static void create(Path target, String content, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", permissions(dir, ownerOnly));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            publish(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException lostTheRace) {
            // another process was first: its file is the one everybody reads
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (Files.exists(target)) {
                return;
            }
            // Some file systems (FAT, some network shares) have no hard links. An atomic move never leaves a
            // half-written file, but two processes racing in this narrow window could each move their own.
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException lostTheRace) {
                // as above
            }
        }
    }

    private static FileAttribute<?>[] permissions(Path dir, boolean ownerOnly) throws IOException {
        if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return new FileAttribute<?>[0];
        }
        String perms = ownerOnly ? "rw-------" : "rw-r--r--";
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))};
    }
}
