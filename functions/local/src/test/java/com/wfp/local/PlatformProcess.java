package com.wfp.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded {@code wfp.jar} run as a user runs it: a child process on the same java as the test,
 * its combined output captured line by line.
 */
final class PlatformProcess implements AutoCloseable {

    /** How long one CLI command may take against a running platform. */
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;

    private PlatformProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "wfp-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The module directory: failsafe runs tests there, and Maven says so in {@code basedir}. */
    static Path moduleDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    static Path jar() {
        Path jar = moduleDir().resolve("target").resolve("wfp.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the E2E tests through Maven (mvn verify), "
                    + "which builds the shaded jar in the package phase first.");
        }
        return jar;
    }

    static List<String> javaCommand(String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short-lived runs start faster on C1 alone and the serial collector; neither changes what wfp does.
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static PlatformProcess start(String... args) {
        try {
            return new PlatformProcess(new ProcessBuilder(javaCommand(args)).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #start(String...)}, with these variables added to the inherited environment. */
    static PlatformProcess start(java.util.Map<String, String> environment, String... args) {
        try {
            ProcessBuilder builder = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true);
            builder.environment().putAll(environment);
            return new PlatformProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #startReady(java.time.Duration, String...)}, with these variables added to the environment. */
    static PlatformProcess startReady(java.time.Duration timeout, java.util.Map<String, String> environment,
                                      String... args) throws InterruptedException {
        PlatformProcess platform = start(environment, args);
        if (!platform.awaitReady(timeout)) {
            String transcript = platform.transcript();
            platform.close();
            org.junit.jupiter.api.Assertions.fail("wfp start did not print '" + LocalPlatform.READY_LINE + "' within "
                    + timeout.toSeconds() + " s; its output:\n" + transcript);
        }
        return platform;
    }

    /** As {@link #cli(String, Path, int, String...)}, with {@code input} piped to the command's stdin. */
    static String cliWithInput(String httpsUrl, Path dataDir, int expectedExit, String input, String... args)
            throws InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", httpsUrl, "--data", dataDir.toString()));
        try (PlatformProcess process = start(all.toArray(String[]::new))) {
            try (var stdin = process.process().getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!process.awaitExit(CLI_TIMEOUT)) {
                org.junit.jupiter.api.Assertions.fail("wfp " + String.join(" ", args) + " did not end within "
                        + CLI_TIMEOUT.toSeconds() + " s:\n" + process.transcript());
            }
            org.assertj.core.api.Assertions.assertThat(process.process().exitValue()).as(process.transcript())
                    .isEqualTo(expectedExit);
            return process.transcript();
        }
    }

    /**
     * Runs one CLI command against a running platform, as a user would from another terminal, and
     * fails the test with its transcript when it does not end in time or exits otherwise.
     *
     * @return everything the command printed
     */
    static String cli(String httpsUrl, Path dataDir, int expectedExit, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", httpsUrl, "--data", dataDir.toString()));
        try (PlatformProcess process = start(all.toArray(String[]::new))) {
            if (!process.awaitExit(CLI_TIMEOUT)) {
                org.junit.jupiter.api.Assertions.fail("wfp " + String.join(" ", args) + " did not end within "
                        + CLI_TIMEOUT.toSeconds() + " s:\n" + process.transcript());
            }
            org.assertj.core.api.Assertions.assertThat(process.process().exitValue()).as(process.transcript())
                    .isEqualTo(expectedExit);
            return process.transcript();
        }
    }

    /**
     * Runs one CLI command as a user logged in with {@code wfp login} would: no --url or --data,
     * the login profiles in {@code configDir} ({@code WFP_CONFIG_DIR}).
     *
     * @return everything the command printed
     */
    static String cliWithProfiles(Path configDir, int expectedExit, String... args) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true);
        builder.environment().put("WFP_CONFIG_DIR", configDir.toString());
        builder.environment().remove("WFP_DATA");
        PlatformProcess process;
        try {
            process = new PlatformProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (process) {
            process.process().getOutputStream().close();
            if (!process.awaitExit(CLI_TIMEOUT)) {
                org.junit.jupiter.api.Assertions.fail("wfp " + String.join(" ", args) + " did not end within "
                        + CLI_TIMEOUT.toSeconds() + " s:\n" + process.transcript());
            }
            org.assertj.core.api.Assertions.assertThat(process.process().exitValue()).as(process.transcript())
                    .isEqualTo(expectedExit);
            return process.transcript();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code wfp} with these arguments and waits for its ready line; when it does not come,
     * stops the process and fails the test with everything it printed.
     */
    static PlatformProcess startReady(java.time.Duration timeout, String... args) throws InterruptedException {
        PlatformProcess platform = start(args);
        if (!platform.awaitReady(timeout)) {
            String transcript = platform.transcript();
            platform.close();
            org.junit.jupiter.api.Assertions.fail("wfp start did not print '" + LocalPlatform.READY_LINE + "' within "
                    + timeout.toSeconds() + " s; its output:\n" + transcript);
        }
        return platform;
    }

    /** The HTTPS base URL the start banner printed. */
    String httpsUrl() {
        return find("^wfp: https\\s+(https://\\S+)").orElseThrow();
    }

    /** The admin token, read from the file the start banner names (it prints only the token's start). */
    String adminToken() {
        String file = find("^wfp: token stored in (.+)$").orElseThrow();
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file.strip())).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.equals(LocalPlatform.READY_LINE)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            synchronized (lines) {
                lines.add("(output closed: " + e.getMessage() + ")");
            }
        }
    }

    /** Waits for the ready line; false when the process ended or the time ran out first. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (!process.isAlive()) {
                return ready.getCount() == 0;
            }
        }
        return false;
    }

    /** The first capture group of the first output line matching {@code regex}. */
    Optional<String> find(String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (String line : output()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String transcript() {
        return String.join(System.lineSeparator(), output());
    }

    /** Waits for the process to end by itself and for its output to be read; false on timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        reader.join(5_000);
        return true;
    }

    Process process() {
        return process;
    }

    /** Asks the platform to stop as Ctrl-C would (SIGTERM runs the same shutdown hook) and waits. */
    int stop(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of the output pipe, and with it
        // the lines the shutdown hook prints.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(5_000);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
