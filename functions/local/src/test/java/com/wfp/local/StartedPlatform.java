package com.wfp.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code wfp start} shared by the tests of an end-to-end class, started as a user would (its own process,
 * a fresh data directory, HTTPS on a free port, no plain HTTP listener) before the class's own {@code @BeforeAll}
 * methods run, and stopped as Ctrl-C would stop it after the class, its data directory deleted then (see
 * {@link ScratchDirectory} to keep it). When a test fails it prints what the platform wrote, since that output is
 * otherwise lost with the process.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-keys-e2e-");
 * }</pre>
 */
final class StartedPlatform implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String dataDirectoryPrefix;
    private final Map<String, String> environment;
    private final List<String> extraArguments;
    private final PlatformTranscriptOnFailure transcriptOnFailure = new PlatformTranscriptOnFailure(() -> this.process);

    private Path dataDir;
    private PlatformProcess process;
    private ControlApi api;

    private StartedPlatform(String dataDirectoryPrefix, Map<String, String> environment, List<String> extraArguments) {
        this.dataDirectoryPrefix = dataDirectoryPrefix;
        this.environment = Map.copyOf(environment);
        this.extraArguments = List.copyOf(extraArguments);
    }

    /** A platform with the embedded defaults, its data in a new temporary directory named with this prefix. */
    static StartedPlatform withDataDirectoryPrefix(String prefix) {
        return new StartedPlatform(prefix, Map.of(), List.of());
    }

    /** The same platform, started with these arguments added to {@code wfp start}'s. */
    StartedPlatform withArguments(String... arguments) {
        List<String> all = new ArrayList<>(extraArguments);
        all.addAll(List.of(arguments));
        return new StartedPlatform(dataDirectoryPrefix, environment, all);
    }

    /** The same platform, started with these variables added to the inherited environment. */
    StartedPlatform withEnvironment(Map<String, String> variables) {
        return new StartedPlatform(dataDirectoryPrefix, variables, extraArguments);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = ScratchDirectory.create(dataDirectoryPrefix);
        List<String> arguments = new ArrayList<>(List.of("start", "--port", "0", "--http-port", "-1",
                "--data", dataDir.toString()));
        arguments.addAll(extraArguments);
        process = PlatformProcess.startReady(START_TIMEOUT, environment, arguments.toArray(String[]::new));
        api = ControlApi.of(process, dataDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException, IOException {
        if (process != null) {
            process.stop(STOP_TIMEOUT);
            process.close();
        }
        ScratchDirectory.delete(dataDir);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        transcriptOnFailure.testFailed(context, cause);
    }

    PlatformProcess process() {
        return process;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The control API as the administrator, over a client that trusts the platform's certificate. */
    ControlApi api() {
        return api;
    }

    String httpsUrl() {
        return api.httpsUrl();
    }

    /** Runs {@code wfp} against this platform with the admin token and checks its exit code; returns its output. */
    String cli(int expectedExit, String... args) throws InterruptedException {
        return PlatformProcess.cli(api.httpsUrl(), dataDir, expectedExit, args);
    }

    /** As {@link #cli(int, String...)}, with {@code input} piped to the command's stdin. */
    String cliWithInput(int expectedExit, String input, String... args) throws InterruptedException {
        return PlatformProcess.cliWithInput(api.httpsUrl(), dataDir, expectedExit, input, args);
    }

    /** A workflow document of the repository's valid samples, such as {@code greeting.json}. */
    static Path sample(String fileName) {
        return PlatformProcess.moduleDir().resolve("../../samples/workflows/valid/" + fileName).normalize();
    }

    /** Publishes one of the valid samples to all traffic, as the administrator, and waits for it to serve. */
    void publishSample(String workflow, String version, String fileName) throws Exception {
        api.publish(workflow, version, Files.readString(sample(fileName)), "all");
    }
}
