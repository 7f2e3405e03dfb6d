package com.wfp.adapters.local.pod;

import com.wfp.adapters.pod.PodProtocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the settings into the pod server's command-line options ({@code functions/pod},
 * {@code PodSettings.fromArgsAndEnvironment}). The token is not among them: it travels in the
 * environment, where {@code ps} does not show it.
 */
final class PodArguments {

    static final String LOOPBACK = "127.0.0.1";

    private PodArguments() {
    }

    /**
     * The pod drains in-flight executions on SIGTERM; it gets most of the stop window for that so
     * that it exits by itself before the manager kills it.
     */
    static long drainMillis(LocalPodSettings settings) {
        return Math.max(1, settings.stopTimeout().toMillis() * 4 / 5);
    }

    /**
     * The Unix domain socket the platform calls the pod through, {@code <dataDir>/pods/<user>/<kind>.sock} beside
     * the pod's state; null when that path is too long for the kernel, and the pod is then called on its TCP port.
     */
    static Path unixSocket(LocalPodSettings settings, PodKey key) {
        Path socket = settings.dataDir().toAbsolutePath().resolve("pods").resolve(key.user())
                .resolve(key.kind().label() + ".sock");
        return PodProtocol.fitsUnixSocketPath(socket) ? socket : null;
    }

    /** @param unixSocket the socket the pod serves on as well as its port, or null for the port alone */
    static List<String> of(LocalPodSettings settings, PodKey key, int port, Path unixSocket) {
        List<String> arguments = new ArrayList<>(List.of(
                "--host=" + LOOPBACK,
                "--port=" + port,
                "--name=" + key.user(),
                "--max-concurrency=" + settings.maxConcurrency(),
                "--queue-size=" + settings.queueSize(),
                "--drain-timeout-ms=" + drainMillis(settings)));
        if (unixSocket != null) {
            arguments.add("--unix-socket=" + unixSocket);
        }
        return List.copyOf(arguments);
    }
}
