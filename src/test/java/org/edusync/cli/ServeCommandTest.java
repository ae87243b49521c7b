package org.edusync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edusync serve} as its own process: it announces its URL, answers /health, keeps its data in --data. */
class ServeCommandTest {
    private static final Pattern READY = Pattern.compile("edusync is ready: (http://\\S+)/beta");

    @TempDir
    Path data;

    @Test
    void serve_starts_on_sqlite_in_the_data_folder_and_answers_health() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--host", "127.0.0.1", "--data", data.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String baseUrl = null;
            StringBuilder seen = new StringBuilder();
            for (String line; baseUrl == null && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    baseUrl = ready.group(1);
                }
            }
            assertThat(baseUrl).as("serve output:\n%s", seen).isNotNull();

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Files.exists(data.resolve("edusync.db"))).isTrue();
            assertThat(Files.exists(data.resolve("tenant-id"))).isTrue();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
