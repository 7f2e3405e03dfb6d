package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The local platform started as a user starts it ({@code java -jar wfp.jar start}), driven over
 * HTTPS, and the {@code wfp validate} CLI compared with the HTTPS endpoint on every sample.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPlatformE2E {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static Path dataDir;
    private static PlatformProcess platform;
    private static String httpsUrl;
    private static int httpsPort;
    private static int httpPort;
    private static String token;
    private static SSLContext trust;
    private static HttpClient client;

    @RegisterExtension
    static final PlatformTranscriptOnFailure PRINT_PLATFORM_OUTPUT_ON_FAILURE =
            new PlatformTranscriptOnFailure(() -> platform);

    @BeforeAll
    static void startPlatform() throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = ScratchDirectory.create("wfp-e2e-");
        platform = PlatformProcess.start("start", "--port", "0", "--http-port", "0", "--data", dataDir.toString());
        if (!platform.awaitReady(START_TIMEOUT)) {
            fail("wfp start did not print '" + LocalPlatform.READY_LINE + "' within " + START_TIMEOUT.toSeconds()
                    + " s; its output:\n" + platform.transcript());
        }
        assertThat(platform.output().getLast()).as(platform.transcript()).isEqualTo(LocalPlatform.READY_LINE);
        httpsUrl = platform.find("^wfp: https\\s+(https://\\S+)").orElseThrow();
        httpsPort = Integer.parseInt(platform.find("^wfp: https\\s+https://[^:]+:(\\d+)").orElseThrow());
        httpPort = Integer.parseInt(platform.find("^wfp: http\\s+http://[^:]+:(\\d+)").orElseThrow());
        token = platform.adminToken();
        trust = TlsTestClients.trustingDataDir(dataDir);
        client = TlsTestClients.client(trust);
    }

    @AfterAll
    static void killPlatform() throws IOException, InterruptedException {
        if (platform != null) {
            platform.close();
            platform.process().waitFor(30, TimeUnit.SECONDS);
        }
        ScratchDirectory.delete(dataDir);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest validate(byte[] body) {
        return HttpRequest.newBuilder(URI.create(httpsUrl + "/api/v1/validate"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static JsonNode json(String text) throws IOException {
        return ReportJson.mapper().readTree(text);
    }

    private static Path samples() {
        return PlatformProcess.moduleDir().resolve("../../samples/workflows").normalize();
    }

    private static List<Path> sampleFiles(String kind) throws IOException {
        Path dir = samples().resolve(kind);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void start_printsTheUrlsAndTheStoredToken() throws IOException {
        assertThat(httpsUrl).startsWith("https://localhost:");
        assertThat(platform.transcript()).contains("wfp: control API     " + httpsUrl + "/api/v1")
                .contains("wfp: data directory  " + dataDir.toRealPath());
        assertThat(Files.readString(dataDir.resolve("admin-token")).strip()).isEqualTo(token);
        assertThat(platform.transcript()).contains("wfp: token stored in " + dataDir.toRealPath().resolve("admin-token"))
                .contains("wfp: admin token     " + token.substring(0, 4) + "...").doesNotContain(token);
        // Only its own lines: no JDK warning about the SQLite driver's native access, or any other.
        assertThat(platform.transcript()).doesNotContain("WARNING:");
    }

    @Test
    @Order(2)
    void health_overHttps_answersWithTheSecurityHeaders() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(httpsUrl + "/api/v1/health")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).get("status").asText()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    @Order(3)
    void validate_withoutToken_answers401() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(httpsUrl + "/api/v1/validate"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response.body()).get("error").get("hint").asText()).contains("personal access token").contains("admin token");
    }

    @Test
    @Order(4)
    void validate_aValidAndAnInvalidWorkflow_answers200And422() throws Exception {
        Path valid = sampleFiles("valid").getFirst();
        byte[] invalid = """
                {"format": 1, "id": "no-trigger",
                 "nodes": [{"id": "out", "type": "respond", "config": {"status": 200, "body": "1"}}]}
                """.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> ok = send(validate(Files.readAllBytes(valid)));
        HttpResponse<String> rejected = send(validate(invalid));

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok.body()).get("valid").asBoolean()).isTrue();
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
        assertThat(json(rejected.body()).get("findings")).isNotEmpty();
        assertThat(json(rejected.body()).get("publishability").get("enabled").asBoolean()).isFalse();
    }

    @Test
    @Order(5)
    void plainHttp_redirectsToHttps() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/v1/health")).build());

        assertThat(response.statusCode()).isIn(301, 308);
        assertThat(response.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + httpsPort + "/api/v1/health");
    }

    @Test
    @Order(6)
    void tls11_isRefusedAndTls12Accepted() {
        String tls11 = TlsTestClients.handshake(trust, "127.0.0.1", httpsPort, new String[]{"TLSv1.1"}, null);
        String tls12 = TlsTestClients.handshake(trust, "127.0.0.1", httpsPort, new String[]{"TLSv1.2"}, null);

        assertThat(tls11).isNotNull().contains("Received fatal alert");
        assertThat(tls12).isNull();
    }

    @Test
    @Order(7)
    void everySample_cliAndHttpsAgreeAndExitCodesFollowTheReport() throws Exception {
        List<Path> valid = sampleFiles("valid");
        List<Path> invalid = sampleFiles("invalid");
        assertThat(valid).as("sample workflows under %s/valid", samples()).isNotEmpty();

        // One child JVM per sample, as a user runs it; two at a time keeps the run short on a small machine.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<List<String>>> checks = new ArrayList<>();
            for (Path sample : valid) {
                checks.add(pool.submit(() -> compare(sample, true)));
            }
            for (Path sample : invalid) {
                checks.add(pool.submit(() -> compare(sample, false)));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> check : checks) {
                problems.addAll(check.get(10, TimeUnit.MINUTES));
            }
            assertThat(problems).as("%d samples checked", checks.size()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** What disagrees for one sample between {@code wfp validate --json} and {@code POST /api/v1/validate}. */
    private static List<String> compare(Path sample, boolean expectClean) throws IOException, InterruptedException {
        String name = samples().relativize(sample).toString();
        CliRun cli = CliRun.of("validate", "--json", sample.toString());
        HttpResponse<String> http = send(validate(Files.readAllBytes(sample)));
        List<String> problems = new ArrayList<>();

        int expectedExit = switch (http.statusCode()) {
            case 200 -> 0;
            case 422 -> 1;
            case 400, 413 -> 2;
            default -> -1;
        };
        if (cli.exit != expectedExit) {
            problems.add(name + ": CLI exit " + cli.exit + " but HTTPS status " + http.statusCode());
        }
        JsonNode printed;
        try {
            printed = json(cli.stdout);
        } catch (IOException e) {
            problems.add(name + ": CLI did not print JSON: " + cli.stdout);
            return problems;
        }
        if (!printed.equals(json(http.body()))) {
            problems.add(name + ": CLI printed " + cli.stdout.strip() + " but HTTPS answered " + http.body());
        }
        boolean reportValid = printed.path("valid").asBoolean(false);
        boolean hasFindings = printed.path("findings").size() > 0;
        if (cli.exit == 0 && !reportValid || cli.exit == 1 && reportValid || cli.exit == 2 && !printed.has("error")) {
            problems.add(name + ": exit " + cli.exit + " does not match the report " + cli.stdout.strip());
        }
        if (expectClean && (cli.exit != 0 || hasFindings)) {
            problems.add(name + ": a valid sample is not clean: exit " + cli.exit + ", " + cli.stdout.strip());
        }
        // Invalid samples show a finding: an error (exit 1), a warning (exit 0), or a document that cannot be read (exit 2).
        if (!expectClean && cli.exit == 0 && !hasFindings) {
            problems.add(name + ": an invalid sample has no finding at all");
        }
        return problems;
    }

    @Test
    @Order(8)
    void validateCli_onAnUnreadableFile_exits2() throws Exception {
        Path broken = Files.writeString(dataDir.resolve("broken.json"), "{\"format\": 1,");

        assertThat(CliRun.of("validate", broken.toString()).exit).isEqualTo(2);
        assertThat(CliRun.of("validate", dataDir.resolve("absent.json").toString()).exit).isEqualTo(2);
    }

    @Test
    @Order(9)
    void secondStart_onTheSamePort_failsWithExit1NamingThePortAndFlag() throws Exception {
        Path secondDataDir = ScratchDirectory.create("wfp-e2e-second-");
        try (PlatformProcess second = PlatformProcess.start("start", "--port", String.valueOf(httpsPort),
                "--http-port", "-1", "--data", secondDataDir.toString())) {
            assertThat(second.awaitExit(Duration.ofSeconds(60))).as("second start exits").isTrue();

            assertThat(second.process().exitValue()).as(second.transcript()).isEqualTo(1);
            assertThat(second.transcript()).contains(String.valueOf(httpsPort)).contains("--port");
        } finally {
            ScratchDirectory.delete(secondDataDir);
        }
    }

    @Test
    @Order(9)
    void secondStart_onTheSameDataDirectory_failsWithExit1NamingTheRunningOne() throws Exception {
        try (PlatformProcess second = PlatformProcess.start("start", "--port", "0", "--http-port", "-1",
                "--data", dataDir.toString())) {
            assertThat(second.awaitExit(Duration.ofSeconds(60))).as("second start exits").isTrue();

            assertThat(second.process().exitValue()).as(second.transcript()).isEqualTo(1);
            assertThat(second.transcript()).contains("Another wfp platform is using the data directory")
                    .contains("pid " + platform.process().pid()).contains("--data DIR");
        }
        assertThat(platform.process().isAlive()).isTrue();
    }

    @Test
    @Order(10)
    void stop_likeCtrlC_runsTheShutdownHookAndEnds() throws Exception {
        int exit = platform.stop(Duration.ofSeconds(30));

        assertThat(platform.process().isAlive()).isFalse();
        assertThat(platform.output()).as("exit %d", exit).contains("wfp: stopped");
    }

    /** One {@code wfp} CLI run in a child process. */
    private record CliRun(int exit, String stdout) {
        static CliRun of(String... args) throws IOException, InterruptedException {
            Process process = new ProcessBuilder(PlatformProcess.javaCommand(args))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wfp " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new CliRun(process.exitValue(), stdout);
        }
    }
}
