package com.wfp.local.gateway;

import com.wfp.adapters.pod.LoadRequest;
import com.wfp.adapters.pod.PodClient;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodHealth;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.release.ReleaseId;
import com.wfp.pod.EnvironmentSecretProvider;
import com.wfp.pod.LineSink;
import com.wfp.pod.PodServer;
import com.wfp.pod.PodSettings;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The pod port over real pod servers running in this JVM, one per user as on the platform, spoken to
 * through the platform's {@link PodClient}. Stopping them makes the pods unreachable until they are
 * ensured again.
 */
final class InProcessPods implements PodManager, AutoCloseable {

    static final String TOKEN = "in-process-pod-token-0123456789";
    private static final String FIRST_USER = "ada";

    private final PodClient client = new PodClient();
    private final Map<String, PodServer> servers = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final java.util.function.BiConsumer<String, String> lines;

    /** Pods whose output lines are dropped. */
    InProcessPods() {
        this((user, line) -> {
        });
    }

    /** Pods whose output lines (one JSON line per execution) go to {@code lines} with the pod's user. */
    InProcessPods(java.util.function.BiConsumer<String, String> lines) {
        this.lines = lines;
    }

    /** The first user's pod address, started on first use, without restarting a pod stopped with {@link #kill()}. */
    synchronized URI address() {
        return address(FIRST_USER);
    }

    private synchronized URI address(String user) {
        if (!ports.containsKey(user)) {
            PodServer server = new PodServer(PodSettings.defaults(TOKEN),
                    new WorkflowEngine(EngineSettings.defaults(), new EnvironmentSecretProvider(Map.of())),
                    new LineSink() {
                        @Override
                        public void write(String line) {
                            lines.accept(user, line);
                        }

                        @Override
                        public void flush() {
                        }
                    }).start();
            servers.put(user, server);
            ports.put(user, server.port());
        }
        return URI.create("http://127.0.0.1:" + ports.get(user));
    }

    /** Stops every pod server, as a crash would; the ports stay known, so calls find nothing there. */
    synchronized void kill() {
        address();
        servers.values().forEach(PodServer::close);
    }

    @Override
    public synchronized PodEndpoint ensurePod(String user) {
        return new PodEndpoint(address(user), TOKEN);
    }

    @Override
    public String load(String user, ReleaseId releaseId, String workflowId, String version, String definitionJson) {
        try {
            return client.load(ensurePod(user), "pod of " + user, releaseId.value(),
                    new LoadRequest(workflowId, version, ReportJson.mapper().readTree(definitionJson))).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void unload(String user, ReleaseId releaseId) {
        client.unload(ensurePod(user), "pod of " + user, releaseId.value());
    }

    @Override
    public PodHealth health(String user) {
        PodClient.HealthAnswer answer = client.health(ensurePod(user), "pod of " + user);
        Set<ReleaseId> loaded = new HashSet<>();
        answer.releases().forEach(id -> loaded.add(new ReleaseId(id)));
        return new PodHealth("ready".equals(answer.status()), loaded, "");
    }

    @Override
    public synchronized void stop(String user) {
        kill();
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(PodServer::close);
        client.close();
    }
}
