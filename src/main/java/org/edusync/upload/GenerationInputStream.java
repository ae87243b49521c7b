package org.edusync.upload;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of one stored file version, fetched one chunk at a time (one short query each, no connection held
 * between reads), so a reader needs one chunk of memory whatever the file's size.
 */
final class GenerationInputStream extends InputStream {
    private final BlobStore store;
    private final String description;
    private final List<BlobStore.SegmentChunks> layout;
    private int segment;
    private int seq;
    private byte[] chunk = new byte[0];
    private int offset;
    private boolean closed;

    GenerationInputStream(BlobStore store, String description, List<BlobStore.SegmentChunks> layout) {
        this.store = store;
        this.description = description;
        this.layout = layout;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return chunk[offset++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buffer.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - offset);
        System.arraycopy(chunk, offset, buffer, off, n);
        offset += n;
        return n;
    }

    @Override
    public int available() {
        return chunk.length - offset;
    }

    /** Makes sure there is an unread byte in {@code chunk}; false at the end of the file. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("The stream of " + description + " is closed");
        }
        while (offset == chunk.length) {
            while (segment < layout.size() && seq == layout.get(segment).chunkCount()) {
                segment++;
                seq = 0;
            }
            if (segment == layout.size()) {
                return false;
            }
            String segmentId = layout.get(segment).segmentId();
            int wanted = seq;
            try {
                chunk = store.chunk(segmentId, wanted).orElseThrow(() -> new IOException("Chunk " + wanted + " of segment " + segmentId
                        + " of " + description + " is gone: the version was deleted while it was read"));
            } catch (RuntimeException e) {
                throw new IOException("Cannot read chunk " + wanted + " of segment " + segmentId + " of " + description, e);
            }
            offset = 0;
            seq++;
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        chunk = new byte[0];
        offset = 0;
    }
}
