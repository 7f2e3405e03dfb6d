package com.wfp.adapters.local.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.error.DomainException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running pod process: launched, its output read on virtual threads, ready once it printed
 * {@code {"event":"pod.ready","port":N}} on stdout. Lines before the ready line and every stderr
 * line go to a bounded tail kept for error messages; stdout lines after it go to the log sink.
 */
final class PodProcess {

    static final String TOKEN_ENV = "WFP_POD_TOKEN";
    /** The system property whose value marks one launch on the command line (the pod ignores it). */
    static final String LAUNCH_PROPERTY = "wfp.pod.launch";
    private static final int TAIL_LINES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PodKey key;
    private final Process process;
    private final Instant launchedAt;
    private final LineTail tail = new LineTail(TAIL_LINES);
    private final CompletableFuture<Integer> readyPort = new CompletableFuture<>();
    private final PodLogSink logSink;
    private volatile Instant readyAt;

    private PodProcess(PodKey key, Process process, Instant launchedAt, PodLogSink logSink) {
        this.key = key;
        this.process = process;
        this.launchedAt = launchedAt;
        this.logSink = logSink;
    }

    /**
     * Starts the child JVM; does not wait for it to become ready.
     *
     * @param launch the value of {@link #LAUNCH_PROPERTY} on its command line: what finds the
     *               process again when its pid was never saved
     */
    static PodProcess launch(LocalPodSettings settings, PodKey key, String token, int port, Path unixSocket,
                             PodLogSink logSink, String launch) {
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable().toString());
        command.add(launchMarker(launch));
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(settings.classPath());
        command.add(settings.mainClass());
        command.addAll(PodArguments.of(settings, key, port, unixSocket));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        // The class path travels on the command line; an inherited CLASSPATH would only confuse.
        environment.remove("CLASSPATH");
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.remove("JDK_JAVA_OPTIONS");
        // A pod gets its user's secrets with each release it loads, never the platform's own:
        // whatever WFP_SECRET_* or secret store key the platform was started with stays here.
        environment.keySet().removeIf(name -> name.startsWith("WFP_SECRET") || name.equals("WFP_POD_SECRETS_FILE"));
        environment.put(TOKEN_ENV, token);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Instant launchedAt = Instant.now();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DomainException("pod.start-failed", 503,
                    "The " + key + " could not be launched: " + e.getMessage(),
                    "Check that " + settings.javaExecutable() + " exists and is executable.", e);
        }
        PodProcess pod = new PodProcess(key, process, launchedAt, logSink);
        pod.startReaders();
        return pod;
    }

    /** The command-line argument that marks the launch {@code launch}. */
    static String launchMarker(String launch) {
        return "-D" + LAUNCH_PROPERTY + "=" + launch;
    }

    private void startReaders() {
        String name = key.kind().label() + "-pod-" + key.user();
        // Platform threads: reading a pipe blocks in the kernel, and a virtual thread blocked there pins its carrier,
        // so the scheduler woke a spare carrier for every read, thousands of times a second under load.
        Thread.ofPlatform().daemon(true).name(name + "-stdout").start(() -> readStdout(process.getInputStream()));
        Thread.ofPlatform().daemon(true).name(name + "-stderr").start(() -> readStderr(process.getErrorStream()));
        process.onExit().thenRun(() -> readyPort.completeExceptionally(
                new IllegalStateException("exited with code " + process.exitValue())));
    }

    private void readStdout(InputStream stdout) {
        try (stdout) {
            Utf8Lines lines = new Utf8Lines(stdout);
            String line;
            while ((line = lines.next()) != null) {
                if (readyPort.isDone()) {
                    deliver(line);
                } else {
                    Integer port = readyLinePort(line);
                    if (port == null) {
                        tail.add(line);
                    } else {
                        readyAt = Instant.now();
                        readyPort.complete(port);
                    }
                }
            }
        } catch (IOException e) {
            tail.add("(stdout could not be read: " + e.getMessage() + ")");
        }
    }

    private void deliver(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            logSink.accept(key.user(), key.kind().label(), line);
        } catch (RuntimeException e) {
            tail.add("(log sink failed: " + e + ")");
        }
    }

    private void readStderr(InputStream stderr) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                tail.add(line);
            }
        } catch (IOException e) {
            tail.add("(stderr could not be read: " + e.getMessage() + ")");
        }
    }

    /** The port of a ready line, or null when the line is something else. */
    static Integer readyLinePort(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{") || !trimmed.contains("pod.ready")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            if (node.path("event").asText("").equals("pod.ready") && node.path("port").canConvertToInt()
                    && node.path("port").asInt() > 0) {
                return node.path("port").asInt();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Waits for the ready line.
     *
     * @return the port the pod listens on
     * @throws DomainException {@code pod.start-timeout} or {@code pod.start-failed}, with the last
     *                         lines the process wrote; the process is stopped in both cases
     */
    int awaitReady(Duration timeout) {
        try {
            return readyPort.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            throw new DomainException("pod.start-timeout", 503,
                    "The " + key + " did not report ready within " + timeout.toMillis() + " ms. Last output:\n"
                            + tail.describe(),
                    "The machine may be overloaded, or the pod cannot start; raise readinessTimeout"
                            + " or fix the cause shown in the output.", e);
        } catch (ExecutionException e) {
            awaitExitQuietly();
            throw new PodExitedBeforeReadyException(key, tail.describe(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new DomainException("pod.start-failed", 503, "Interrupted while the " + key + " was starting",
                    "Try again.", e);
        }
    }

    private void awaitExitQuietly() {
        try {
            // Lets the readers drain the last stderr lines (such as a missing main class) into the tail.
            process.waitFor(2, TimeUnit.SECONDS);
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL; returns once the process is gone. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills a process that stopped answering; the note explains its exit in later error messages. */
    void killUnresponsive(int failedChecks) {
        tail.add("(killed by the platform: " + failedChecks + " health checks in a row failed)");
        process.destroyForcibly();
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Instant launchedAt() {
        return launchedAt;
    }

    /** When the ready line arrived, or null before. */
    Instant readyAt() {
        return readyAt;
    }

    String lastOutput() {
        return tail.describe();
    }
}
