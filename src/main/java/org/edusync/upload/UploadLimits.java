package org.edusync.upload;

import java.time.Duration;

/**
 * Sizes and lifetimes of uploads, with the defaults in sight.
 *
 * @param chunkBytes          bytes per stored chunk row: the most a request holds in memory at once
 * @param maxFileBytes        the largest file (and the most a file's staged blocks may add up to); above it 413
 * @param maxBlocks           the most blocks in one block list (Azure's limit)
 * @param maxStagedBlocks     the most uncommitted blocks one file may have (Azure's limit)
 * @param stagedBlockLifetime how long an uncommitted block (or a body cut off mid-way) is kept before the sweep deletes it
 * @param supersededRetention how long a replaced version of a file is kept for runs that read it, unless released earlier
 * @param sweepInterval       the least time between two sweeps of one instance
 */
record UploadLimits(int chunkBytes, long maxFileBytes, int maxBlocks, int maxStagedBlocks, Duration stagedBlockLifetime,
                    Duration supersededRetention, Duration sweepInterval) {
    /** The one place the file size limit is set: 2 GiB. */
    static final long MAX_FILE_BYTES = 2L << 30;
    /** A block list names at most 50,000 blocks of at most 88 Base64 characters: a few MiB of XML. */
    static final int MAX_BLOCK_LIST_BYTES = 8 << 20;

    static final UploadLimits DEFAULTS = new UploadLimits(1 << 20, MAX_FILE_BYTES, 50_000, 100_000, Duration.ofDays(1),
            Duration.ofDays(7), Duration.ofMinutes(10));

    UploadLimits {
        if (chunkBytes < 1 || maxFileBytes < 1 || maxBlocks < 1 || maxStagedBlocks < 1) {
            throw new IllegalArgumentException("upload limits must be positive: chunkBytes=" + chunkBytes + ", maxFileBytes="
                    + maxFileBytes + ", maxBlocks=" + maxBlocks + ", maxStagedBlocks=" + maxStagedBlocks);
        }
    }

    UploadLimits withChunkBytes(int bytes) {
        return new UploadLimits(bytes, maxFileBytes, maxBlocks, maxStagedBlocks, stagedBlockLifetime, supersededRetention, sweepInterval);
    }

    UploadLimits withMaxFileBytes(long bytes) {
        return new UploadLimits(chunkBytes, bytes, maxBlocks, maxStagedBlocks, stagedBlockLifetime, supersededRetention, sweepInterval);
    }
}
