package org.edusync.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Uploads an SDS folder to a profile the way an admin's script does: uploadUrl, then the official Azure SDK. */
public final class Uploads {
    private Uploads() {
    }

    /** Uploads every {@code .csv} file of {@code folder} under its own name. */
    public static void upload(GraphClient graph, String profileId, Path folder) throws IOException {
        GraphClient.Response url = graph.get("/beta/education/synchronizationProfiles/" + profileId + "/uploadUrl");
        if (url.status() != 200) {
            throw new AssertionError("uploadUrl: " + url);
        }
        BlobContainerClient container = new BlobContainerClientBuilder().endpoint(url.json().get("value").asText()).buildClient();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).sorted().toList()) {
                container.getBlobClient(file.getFileName().toString()).uploadFromFile(file.toString(), true);
            }
        }
    }

    /** Uploads {@code folder} and calls start; fails unless start answers 200. */
    public static void uploadAndStart(GraphClient graph, String profileId, Path folder) throws IOException {
        upload(graph, profileId, folder);
        GraphClient.Response start = graph.post("/beta/education/synchronizationProfiles/" + profileId + "/start", null);
        if (start.status() != 200) {
            throw new AssertionError("start: " + start);
        }
    }
}
