package com.wfp.pod;

import com.wfp.adapters.pod.PodProtocol;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How one pod runs.
 *
 * @param host           address to bind; loopback by default, because only the gateway (same host locally,
 *                       same private network on Fargate) may reach a pod
 * @param port           TCP port, 0 for a free one
 * @param token          the pod token every route but {@code /health} requires as {@code Authorization: Bearer}
 * @param podName        the pod's name (usually the user it serves), written to every log line
 * @param maxConcurrency executions that may run at once
 * @param queueSize      executions that may wait for a slot; beyond that a run is answered 429 at once
 * @param queueTimeout   how long a run may wait for a slot before it is answered 503
 * @param drainTimeout   how long a stop waits for in-flight executions
 * @param maxBodyBytes   largest run input accepted (a release load may be twice as large)
 * @param idleTimeout    idle connection timeout
 * @param logQueueSize   log lines buffered before new ones are dropped (and counted) instead of blocking
 * @param secretsFile    the local encrypted secret store to read {@code $secret('name')} from, or null; its key
 *                       comes from {@code WFP_SECRETS_KEY} or {@code secretsKeyFile}. Either way
 *                       {@code WFP_SECRET_<NAME>} environment variables answer what the file does not hold.
 * @param secretsKeyFile the key file of {@code secretsFile}, or null
 * @param unixSocket     a Unix domain socket to serve on as well as the TCP port, or null for none: a platform on
 *                       the same machine calls its pods through one, which costs the kernel less per call than
 *                       loopback TCP; the pod makes the socket file owner-only once it is bound
 */
public record PodSettings(String host, int port, String token, String podName, int maxConcurrency, int queueSize,
                          Duration queueTimeout, Duration drainTimeout, int maxBodyBytes, Duration idleTimeout,
                          int logQueueSize, Path secretsFile, Path secretsKeyFile, Path unixSocket) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_CONCURRENCY = 64;
    public static final int DEFAULT_QUEUE_SIZE = 256;

    public PodSettings {
        if (host == null || host.isBlank()) {
            throw invalid("host", "the bind host is empty", "Pass --host=127.0.0.1 (or 0.0.0.0 inside a container).");
        }
        if (port < 0 || port > 65_535) {
            throw invalid("port", "port " + port + " is outside 0..65535", "Pass --port=0 for a free port or a port up to 65535.");
        }
        if (token == null || token.length() < 16) {
            throw invalid("token", "the pod token is missing or shorter than 16 characters",
                    "Set WFP_POD_TOKEN or pass --token-file=PATH with a random secret of at least 16 characters.");
        }
        if (podName == null || podName.isBlank()) {
            throw invalid("name", "the pod name is empty", "Pass --name=<user> or set WFP_POD_NAME.");
        }
        if (maxConcurrency < 1) {
            throw invalid("max-concurrency", "max concurrency must be at least 1", "Pass --max-concurrency=64 or another positive number.");
        }
        if (queueSize < 0) {
            throw invalid("queue-size", "the queue size cannot be negative", "Pass --queue-size=0 to refuse at once when all slots are busy.");
        }
        requirePositive(queueTimeout, "queue-timeout-ms");
        requirePositive(drainTimeout, "drain-timeout-ms");
        requirePositive(idleTimeout, "idle-timeout-ms");
        if (maxBodyBytes < 1) {
            throw invalid("max-body-bytes", "the body limit must be positive", "Pass --max-body-bytes=1048576.");
        }
        if (logQueueSize < 16) {
            throw invalid("log-queue-size", "the log queue must hold at least 16 lines", "Pass --log-queue-size=65536.");
        }
        if (unixSocket != null && !PodProtocol.fitsUnixSocketPath(unixSocket)) {
            throw invalid("unix-socket", "the socket path " + unixSocket + " is longer than "
                    + PodProtocol.MAX_UNIX_SOCKET_PATH + " bytes, the most the kernel takes",
                    "Pass a shorter --unix-socket path, or none to serve on TCP only.");
        }
    }

    /** Defaults for everything but the token. */
    public static PodSettings defaults(String token) {
        return new PodSettings(DEFAULT_HOST, 0, token, "pod", DEFAULT_MAX_CONCURRENCY, DEFAULT_QUEUE_SIZE,
                Duration.ofSeconds(10), Duration.ofSeconds(30), 1 << 20, Duration.ofSeconds(30), 65_536, null, null, null);
    }

    public PodSettings withPort(int newPort) {
        return new PodSettings(host, newPort, token, podName, maxConcurrency, queueSize, queueTimeout, drainTimeout,
                maxBodyBytes, idleTimeout, logQueueSize, secretsFile, secretsKeyFile, unixSocket);
    }

    public PodSettings withLimits(int newMaxConcurrency, int newQueueSize, Duration newQueueTimeout) {
        return new PodSettings(host, port, token, podName, newMaxConcurrency, newQueueSize, newQueueTimeout, drainTimeout,
                maxBodyBytes, idleTimeout, logQueueSize, secretsFile, secretsKeyFile, unixSocket);
    }

    public PodSettings withUnixSocket(Path newUnixSocket) {
        return new PodSettings(host, port, token, podName, maxConcurrency, queueSize, queueTimeout, drainTimeout,
                maxBodyBytes, idleTimeout, logQueueSize, secretsFile, secretsKeyFile, newUnixSocket);
    }

    public PodSettings withDrainTimeout(Duration newDrainTimeout) {
        return new PodSettings(host, port, token, podName, maxConcurrency, queueSize, queueTimeout, newDrainTimeout,
                maxBodyBytes, idleTimeout, logQueueSize, secretsFile, secretsKeyFile, unixSocket);
    }

    private static final Set<String> OPTIONS = Set.of("host", "port", "token-file", "name", "max-concurrency",
            "queue-size", "queue-timeout-ms", "drain-timeout-ms", "max-body-bytes", "idle-timeout-ms", "log-queue-size",
            "secrets-file", "secrets-key-file", "unix-socket");

    /**
     * Reads settings from {@code --option=value} (or {@code --option value}) arguments, falling back to
     * {@code WFP_POD_<OPTION>} environment variables, then to the defaults. The token is read only from
     * {@code WFP_POD_TOKEN} or a token file, never from the command line, where {@code ps} would show it.
     */
    public static PodSettings fromArgsAndEnvironment(String[] args, Map<String, String> environment) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw invalid("argument", "unexpected argument \"" + arg + "\"", usage());
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw invalid(name, "--" + name + " needs a value", usage());
                }
                value = args[++i];
            }
            if (!OPTIONS.contains(name)) {
                throw invalid(name, "unknown option --" + name, usage());
            }
            options.put(name, value);
        }
        PodSettings defaults = defaults("x".repeat(16));
        String token = environment.get("WFP_POD_TOKEN");
        String tokenFile = option(options, environment, "token-file");
        if (tokenFile != null) {
            token = readTokenFile(Path.of(tokenFile));
        }
        return new PodSettings(
                orDefault(option(options, environment, "host"), defaults.host()),
                integer(options, environment, "port", defaults.port()),
                token,
                orDefault(option(options, environment, "name"), defaults.podName()),
                integer(options, environment, "max-concurrency", defaults.maxConcurrency()),
                integer(options, environment, "queue-size", defaults.queueSize()),
                Duration.ofMillis(integer(options, environment, "queue-timeout-ms", (int) defaults.queueTimeout().toMillis())),
                Duration.ofMillis(integer(options, environment, "drain-timeout-ms", (int) defaults.drainTimeout().toMillis())),
                integer(options, environment, "max-body-bytes", defaults.maxBodyBytes()),
                Duration.ofMillis(integer(options, environment, "idle-timeout-ms", (int) defaults.idleTimeout().toMillis())),
                integer(options, environment, "log-queue-size", defaults.logQueueSize()),
                path(option(options, environment, "secrets-file")),
                path(option(options, environment, "secrets-key-file")),
                path(option(options, environment, "unix-socket")));
    }

    /** The command-line help text. */
    public static String usage() {
        return "Options (each also read from WFP_POD_<NAME> with dashes as underscores): --host=127.0.0.1 --port=0 "
                + "--name=pod --max-concurrency=64 --queue-size=256 --queue-timeout-ms=10000 --drain-timeout-ms=30000 "
                + "--max-body-bytes=1048576 --idle-timeout-ms=30000 --log-queue-size=65536 --token-file=PATH "
                + "(or WFP_POD_TOKEN) --secrets-file=PATH --secrets-key-file=PATH (or WFP_SECRETS_KEY) "
                + "--unix-socket=PATH (also serve on this Unix domain socket).";
    }

    private static String option(Map<String, String> options, Map<String, String> environment, String name) {
        String value = options.get(name);
        if (value != null) {
            return value;
        }
        return environment.get("WFP_POD_" + name.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
    }

    private static int integer(Map<String, String> options, Map<String, String> environment, String name, int fallback) {
        String value = option(options, environment, name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, "--" + name + " must be a whole number, got \"" + value + "\"", usage());
        }
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String readTokenFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DomainException("pod.settings.token-file", 400, "The token file " + file + " cannot be read: " + e.getMessage(),
                    "Point --token-file at a readable file that holds the pod token.", e);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(name, "--" + name + " must be positive", usage());
        }
    }

    private static DomainException invalid(String name, String message, String hint) {
        return DomainException.badRequest("pod.settings." + name, "Invalid pod setting: " + message, hint);
    }
}
