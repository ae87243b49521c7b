package org.edusync.upload;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.edusync.http.RequestIds;
import org.edusync.source.sdsv1.SdsFile;
import org.edusync.store.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure-Blob-compatible endpoint behind {@code uploadUrl}: enough of the Blob REST protocol for AzCopy and
 * the Azure Storage SDKs to upload the six SDS files into {@code /blob/{profileId}} with a container SAS. Put
 * Blob, Put Block and Put Block List write; Get Blob Properties (HEAD) and Get Container Properties answer so
 * that the SDKs' {@code exists()} works. Everything else is refused the way Azure refuses it for a write-only
 * SAS. Every answer, error or not, is in Azure's shape (XML error body, {@code x-ms-error-code}); no bearer token
 * is needed, the SAS is the credential.
 */
public final class BlobEndpoint {
    /** Routed for every method, so that nothing under /blob answers in another shape. */
    public static final String PATH = "/blob/*";
    public static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.PUT, HandlerType.POST,
            HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);

    private static final Logger LOG = LoggerFactory.getLogger(BlobEndpoint.class);
    private static final String SDS_NAMES = String.join(", ", Arrays.stream(SdsFile.values()).map(SdsFile::fileName).toList());

    private final SasSigner signer;
    private final Function<String, Optional<String>> tenantOfCsvProfile;
    private final UploadedFiles files;
    private final BlobStore store;
    private final Clock clock;

    /**
     * @param tenantOfCsvProfile the tenant owning the CSV profile of that id, empty when there is no such profile:
     *                           the container of a SAS is a profile id
     */
    public BlobEndpoint(SasSigner signer, Function<String, Optional<String>> tenantOfCsvProfile, UploadedFiles files, Clock clock) {
        this.signer = signer;
        this.tenantOfCsvProfile = tenantOfCsvProfile;
        this.files = files;
        this.store = files.store();
        this.clock = clock;
    }

    /** The state of one request that error handling needs. */
    private static final class Exchange {
        final String requestId = RequestIds.newRequestId();
        boolean bodyRead;
    }

    public void handle(Context ctx) {
        Exchange exchange = new Exchange();
        ctx.header("x-ms-request-id", exchange.requestId);
        String clientRequestId = ctx.header("x-ms-client-request-id");
        if (clientRequestId != null && clientRequestId.length() <= 1024) {
            ctx.header("x-ms-client-request-id", clientRequestId);
        }
        String version = ctx.header("x-ms-version");
        ctx.header("x-ms-version", version != null && version.matches("\\d{4}-\\d{2}-\\d{2}") ? version : SasSigner.SERVICE_VERSION);
        try {
            serve(ctx, exchange);
        } catch (BlobError e) {
            error(ctx, exchange, e);
        } catch (IOException e) {
            // the client stopped sending or the connection broke: whatever was written is already deleted
            LOG.info("Upload {} {} ended early: {}", ctx.method(), ctx.path(), e.toString());
            error(ctx, exchange, BlobError.badRequest("InvalidInput", "The request body could not be read to its end ("
                    + e.getMessage() + "); nothing was stored."));
        } catch (Exception e) {
            DatabaseOutage outage = DatabaseOutage.of(e);
            if (outage == DatabaseOutage.DISK_FULL) {
                // not retried by the SDKs or AzCopy: waiting does not free space, an administrator does
                LOG.warn("Blob request {} {} (x-ms-request-id {}): the database's storage is full: {}", ctx.method(), ctx.path(),
                        exchange.requestId, e.toString());
                error(ctx, exchange, new BlobError(507, "InsufficientStorage", "The server's storage is full: nothing of this request"
                        + " was stored, and the files uploaded before are unchanged. Free space in the data folder (or on the database's"
                        + " disk), then upload again."));
                return;
            }
            if (outage != null) {
                LOG.warn("Blob request {} {} (x-ms-request-id {}): database {}: {}", ctx.method(), ctx.path(), exchange.requestId,
                        outage, e.toString());
            } else {
                LOG.error("Blob request {} {} failed (x-ms-request-id {})", ctx.method(), ctx.path(), exchange.requestId, e);
            }
            // 503 makes the Azure SDKs and AzCopy retry, which is right for a database hiccup
            ctx.header("Retry-After", Integer.toString(outage != null ? outage.retryAfterSeconds() : DatabaseOutage.UNREACHABLE.retryAfterSeconds()));
            error(ctx, exchange, new BlobError(503, "ServerBusy", "The server is busy or its database is unavailable; retry the"
                    + " request."));
        }
    }

    private void serve(Context ctx, Exchange exchange) throws IOException {
        BlobAddress address = BlobAddress.parse(ctx.req().getRequestURI(), ctx.req().getQueryString());
        ContainerSas sas = ContainerSas.authenticate(signer, address, clock.instant());
        String tenantId = tenantOfCsvProfile.apply(address.container()).orElseThrow(() -> new BlobError(404, "ContainerNotFound",
                "The specified container does not exist: no CSV profile has the id '" + address.container() + "'."));
        HandlerType method = ctx.method();
        if (address.blob().isEmpty()) {
            serveContainer(ctx, method, address, sas);
            return;
        }
        if (method.equals(HandlerType.PUT)) {
            sas.require('w', "writing blobs");
            BlobStore.FileKey key = fileKey(tenantId, address);
            String comp = address.param("comp");
            if (comp == null) {
                putBlob(ctx, exchange, key);
            } else if (comp.equals("block")) {
                putBlock(ctx, exchange, key, address);
            } else if (comp.equals("blocklist")) {
                putBlockList(ctx, exchange, key);
            } else {
                throw BlobError.badRequest("UnsupportedQueryParameter", "comp=" + comp + " is not supported here: the upload endpoint"
                        + " takes Put Blob, Put Block (comp=block) and Put Block List (comp=blocklist).");
            }
        } else if (method.equals(HandlerType.HEAD)) {
            blobProperties(ctx, fileKey(tenantId, address));
        } else if (method.equals(HandlerType.GET)) {
            throw sas.mismatch("reading blobs");
        } else if (method.equals(HandlerType.DELETE)) {
            throw sas.mismatch("deleting blobs");
        } else {
            throw unsupportedVerb(method);
        }
    }

    // ---- container ----------------------------------------------------------------------------------------

    private void serveContainer(Context ctx, HandlerType method, BlobAddress address, ContainerSas sas) {
        boolean properties = "container".equals(address.param("restype")) && address.param("comp") == null;
        if (method.equals(HandlerType.PUT) && properties) {
            throw new BlobError(409, "ContainerAlreadyExists", "The specified container already exists: it is the upload area of profile "
                    + address.container() + ".");
        }
        if ((method.equals(HandlerType.GET) || method.equals(HandlerType.HEAD)) && properties) {
            ctx.status(200);
            ctx.header("Last-Modified", BlobResponses.HTTP_DATE.format(clock.instant()));
            ctx.header("x-ms-lease-status", "unlocked");
            ctx.header("x-ms-lease-state", "available");
            ctx.result("");
            return;
        }
        if (method.equals(HandlerType.GET)) {
            throw sas.mismatch("listing or reading the container");
        }
        if (method.equals(HandlerType.DELETE)) {
            throw sas.mismatch("deleting the container");
        }
        if (method.equals(HandlerType.PUT)) {
            throw sas.mismatch("changing the container");
        }
        throw unsupportedVerb(method);
    }

    private static BlobError unsupportedVerb(HandlerType method) {
        return new BlobError(405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb " + method
                + ": upload with PUT (Put Blob, Put Block, Put Block List).");
    }

    // ---- blobs --------------------------------------------------------------------------------------------

    private static BlobStore.FileKey fileKey(String tenantId, BlobAddress address) {
        Optional<SdsFile> file = address.nested() ? Optional.empty() : SdsFile.byName(address.blob());
        return new BlobStore.FileKey(tenantId, address.container(), file.orElseThrow(() -> BlobError.badRequest("InvalidResourceName",
                "The specified resource name is not accepted: '" + BlockList.abbreviate(address.blob()) + "' is not one of the six SDS v1"
                        + " files (" + SDS_NAMES + ", in any case), uploaded at the top of the container"
                        + (address.nested() ? " without a folder" : "") + ".")));
    }

    private void putBlob(Context ctx, Exchange exchange, BlobStore.FileKey key) throws IOException {
        String blobType = ctx.header("x-ms-blob-type");
        if (blobType == null) {
            throw BlobError.badRequest("MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified:"
                    + " x-ms-blob-type (Put Blob needs x-ms-blob-type: BlockBlob).");
        }
        if (!blobType.equalsIgnoreCase("BlockBlob")) {
            throw BlobError.invalidHeader("x-ms-blob-type", blobType, "SDS files are stored as block blobs (BlockBlob)");
        }
        long length = contentLength(ctx, store.limits().maxFileBytes(), key.file().fileName());
        byte[] contentMd5 = md5Header(ctx, "Content-MD5");
        byte[] blobMd5 = md5Header(ctx, "x-ms-blob-content-md5");
        WriteConditions conditions = conditions(ctx);
        // fail fast before reading the body; the completing transaction checks again
        conditions.check(store.current(key), key.file().fileName());

        MessageDigest md5 = md5();
        exchange.bodyRead = true;
        BlobStore.Segment segment = store.write(key, null, body(ctx), length, md5);
        byte[] actual = md5.digest();
        StoredVersion version;
        try {
            checkMd5(contentMd5, actual);
            checkMd5(blobMd5, actual);
            version = store.commitBody(key, segment, conditions, base64(actual));
        } catch (RuntimeException e) {
            deleteQuietly(segment, e);
            throw e;
        }
        BlobResponses.created(ctx, version);
        ctx.header("Content-MD5", base64(actual));
        files.sweepIfDue();
    }

    private void putBlock(Context ctx, Exchange exchange, BlobStore.FileKey key, BlobAddress address) throws IOException {
        String rawId = address.param("blockid");
        if (rawId == null) {
            throw BlobError.badRequest("MissingRequiredQueryParameter", "A query parameter that's mandatory for this request is not"
                    + " specified: blockid (Put Block needs comp=block&blockid=<Base64>).");
        }
        String blockId = BlockList.canonicalBlockId(rawId.replace(' ', '+')).orElseThrow(() -> BlobError.badRequest("InvalidBlockId",
                "The specified block ID is invalid: '" + BlockList.abbreviate(rawId) + "' is not Base64 of 1 to 64 bytes."));
        long length = contentLength(ctx, store.limits().maxFileBytes(), key.file().fileName());
        BlobStore.StagedBlocks staged = store.stagedBlocks(key, blockId);
        if (staged.anyBlockId() != null && BlockList.decodedLength(staged.anyBlockId()) != BlockList.decodedLength(blockId)) {
            throw BlobError.badRequest("InvalidBlobOrBlock", "The specified blob or block content is invalid: the block ids of one blob"
                    + " must all have the same length, and " + key.file().fileName() + " has staged blocks with ids of "
                    + BlockList.decodedLength(staged.anyBlockId()) + " bytes, not " + BlockList.decodedLength(blockId) + ".");
        }
        if (staged.count() >= store.limits().maxStagedBlocks()) {
            throw new BlobError(409, "BlockCountExceedsLimit", "The uncommitted block count cannot exceed the maximum limit of "
                    + store.limits().maxStagedBlocks() + " blocks: commit or abandon the blocks of " + key.file().fileName() + ".");
        }
        if (staged.bytes() + length > store.limits().maxFileBytes()) {
            throw BlobError.tooLarge("The staged blocks of " + key.file().fileName() + " would add up to " + (staged.bytes() + length)
                    + " bytes; edusync accepts files of at most " + store.limits().maxFileBytes() + " bytes.");
        }
        byte[] contentMd5 = md5Header(ctx, "Content-MD5");

        MessageDigest md5 = md5();
        exchange.bodyRead = true;
        BlobStore.Segment segment = store.write(key, blockId, body(ctx), length, md5);
        byte[] actual = md5.digest();
        try {
            checkMd5(contentMd5, actual);
            store.stage(key, segment, blockId);
        } catch (RuntimeException e) {
            deleteQuietly(segment, e);
            throw e;
        }
        ctx.status(201);
        ctx.header("Content-MD5", base64(actual));
        ctx.header("x-ms-request-server-encrypted", "true");
        ctx.result("");
    }

    private void putBlockList(Context ctx, Exchange exchange, BlobStore.FileKey key) throws IOException {
        long length = contentLength(ctx, UploadLimits.MAX_BLOCK_LIST_BYTES, "the block list of " + key.file().fileName());
        byte[] contentMd5 = md5Header(ctx, "Content-MD5");
        byte[] blobMd5 = md5Header(ctx, "x-ms-blob-content-md5");
        WriteConditions conditions = conditions(ctx);
        exchange.bodyRead = true;
        byte[] xml = body(ctx).readNBytes((int) length);
        if (xml.length < length) {
            throw new BodyCutOffException(length, xml.length);
        }
        byte[] actual = md5().digest(xml);
        checkMd5(contentMd5, actual);
        BlockList list = BlockList.parse(xml, store.limits().maxBlocks());
        StoredVersion version = store.commitBlockList(key, list, conditions, blobMd5 == null ? null : base64(blobMd5));
        BlobResponses.created(ctx, version);
        ctx.header("Content-MD5", base64(actual));
        files.sweepIfDue();
    }

    private void blobProperties(Context ctx, BlobStore.FileKey key) {
        StoredVersion version = store.current(key).orElseThrow(() -> new BlobError(404, "BlobNotFound",
                "The specified blob does not exist: " + key.file().fileName() + " has not been uploaded."));
        ctx.status(200);
        ctx.header("ETag", version.etag());
        ctx.header("Last-Modified", BlobResponses.HTTP_DATE.format(version.completedAt()));
        ctx.header("x-ms-creation-time", BlobResponses.HTTP_DATE.format(version.completedAt()));
        ctx.header("x-ms-blob-type", "BlockBlob");
        ctx.header("x-ms-server-encrypted", "true");
        ctx.header("x-ms-lease-status", "unlocked");
        ctx.header("x-ms-lease-state", "available");
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Content-Length", Long.toString(version.byteSize()));
        ctx.contentType("application/octet-stream");
        if (version.contentMd5() != null) {
            ctx.header("Content-MD5", version.contentMd5());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void error(Context ctx, Exchange exchange, BlobError error) {
        BlobResponses.error(ctx, error, exchange.bodyRead, exchange.requestId, clock.instant());
    }

    private static InputStream body(Context ctx) throws IOException {
        return ctx.req().getInputStream();
    }

    private static long contentLength(Context ctx, long max, String what) {
        long length = ctx.req().getContentLengthLong();
        if (length < 0) {
            throw new BlobError(411, "MissingContentLengthHeader", "Content-Length HTTP header is missing: uploads send the length of"
                    + " the body up front.");
        }
        if (length > max) {
            throw BlobError.tooLarge("The request body is too large and exceeds the maximum permissible limit: " + what + " has "
                    + length + " bytes; the limit is " + max + " bytes.");
        }
        return length;
    }

    private static WriteConditions conditions(Context ctx) {
        return new WriteConditions(ctx.header("If-Match"), ctx.header("If-None-Match"));
    }

    private static byte[] md5Header(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(value.trim());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw BlobError.badRequest("InvalidMd5", "The MD5 value specified in the request is invalid: " + name + ": '"
                + BlockList.abbreviate(value) + "' is not 128 bits in Base64.");
    }

    private static void checkMd5(byte[] expected, byte[] actual) {
        if (expected != null && !MessageDigest.isEqual(expected, actual)) {
            throw BlobError.badRequest("Md5Mismatch", "The MD5 value specified in the request did not match with the MD5 value"
                    + " calculated by the server: sent " + base64(expected) + ", received content has " + base64(actual)
                    + "; nothing was stored.");
        }
    }

    private void deleteQuietly(BlobStore.Segment segment, RuntimeException cause) {
        try {
            store.deleteSegment(segment.id());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
