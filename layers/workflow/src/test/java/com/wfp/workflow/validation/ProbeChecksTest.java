package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static com.wfp.workflow.validation.Documents.addEdge;
import static com.wfp.workflow.validation.Documents.addNode;
import static com.wfp.workflow.validation.Documents.base;
import static com.wfp.workflow.validation.Documents.config;
import static com.wfp.workflow.validation.Documents.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live probe against real listeners on 127.0.0.1: a TLS server with a certificate for
 * localhost, a plain TCP server that never speaks TLS, and a closed port.
 */
class ProbeChecksTest {

    private static final ValidationOptions PROBE = new ValidationOptions(true);
    private static final char[] PASSWORD = "test-only".toCharArray();

    private final List<AutoCloseable> listeners = new ArrayList<>();

    @AfterEach
    void closeListeners() throws Exception {
        for (AutoCloseable c : listeners) {
            c.close();
        }
    }

    private static KeyStore keyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = ProbeChecksTest.class.getResourceAsStream("/probe/localhost.p12")) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** Trusts exactly the test certificate. */
    private static SSLContext clientContext() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private int tlsListener() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listeners.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                } catch (IOException e) {
                    // a client that gives up mid-handshake is part of the tests
                }
            }
        });
        return server.getLocalPort();
    }

    /** Accepts connections and never answers: a TLS client waits for a ServerHello that never comes. */
    private int silentListener() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listeners.add(server);
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        listeners.add(() -> {
            for (Socket s : held) {
                s.close();
            }
        });
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ObjectNode withUrl(String url) {
        ObjectNode doc = base();
        config(doc, "fetch").put("url", url);
        return doc;
    }

    private static List<Finding> probeFindings(ValidationReport report) {
        return report.findings().stream().filter(f -> f.code().startsWith("security.probe-")).toList();
    }

    private WorkflowValidator localValidator() throws Exception {
        return new WorkflowValidator(new JdkHostProbe(clientContext(), true), Duration.ofMillis(1500), Duration.ofSeconds(4));
    }

    @Test
    void probe_whenHostServesValidTls_reportsNoProbeFinding() throws Exception {
        int port = tlsListener();

        ValidationReport report = localValidator().validate(workflow(withUrl("https://localhost:" + port + "/x")), PROBE);

        assertThat(probeFindings(report)).isEmpty();
        assertThat(report.findings()).extracting(Finding::code).containsExactly("security.loopback-target");
    }

    @Test
    void probe_whenCertificateIsNotTrusted_warnsProbeTls() throws Exception {
        int port = tlsListener();
        WorkflowValidator validator = new WorkflowValidator(
                new JdkHostProbe(SSLContext.getDefault(), true), Duration.ofMillis(1500), Duration.ofSeconds(4));

        ValidationReport report = validator.validate(workflow(withUrl("https://localhost:" + port + "/")), PROBE);

        assertThat(probeFindings(report)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("security.probe-tls");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.nodeId()).isEqualTo("fetch");
        });
    }

    @Test
    void probe_whenCertificateNamesAnotherHost_warnsProbeTls() throws Exception {
        int port = tlsListener();
        // The certificate names localhost and 127.0.0.1; 127.0.0.2 reaches the same listener under another name.
        ValidationReport report = localValidator().validate(
                workflow(withUrl("https://127.0.0.2:" + port + "/")), PROBE);

        assertThat(probeFindings(report)).extracting(Finding::code).containsExactly("security.probe-tls");
    }

    @Test
    void probe_whenServerNeverAnswers_warnsProbeTlsWithinTheStepTimeout() throws Exception {
        int port = silentListener();

        long start = System.nanoTime();
        ValidationReport report = localValidator().validate(workflow(withUrl("https://localhost:" + port + "/")), PROBE);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(probeFindings(report)).extracting(Finding::code).containsExactly("security.probe-tls");
        assertThat(millis).isLessThan(3_500);
    }

    @Test
    void probe_whenPortIsClosed_warnsProbeTls() throws Exception {
        int port = closedPort();

        ValidationReport report = localValidator().validate(workflow(withUrl("https://localhost:" + port + "/")), PROBE);

        assertThat(probeFindings(report)).extracting(Finding::code, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("security.probe-tls", Severity.WARNING));
        assertThat(report.errors()).extracting(Finding::code).containsExactly("security.loopback-target");
    }

    @Test
    void probe_whenHostDoesNotResolve_warnsProbeDns() throws Exception {
        ValidationReport report = localValidator().validate(
                workflow(withUrl("https://no-such-host.invalid/x")), PROBE);

        assertThat(probeFindings(report)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("security.probe-dns");
            assertThat(f.message()).contains("no-such-host.invalid");
        });
    }

    @Test
    void probe_whenDefaultProbe_refusesToContactLoopback() throws Exception {
        int port = tlsListener();

        ValidationReport report = new WorkflowValidator().validate(
                workflow(withUrl("https://localhost:" + port + "/")), PROBE);

        assertThat(probeFindings(report)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("security.probe-tls");
            assertThat(f.message()).contains("not contacted");
        });
    }

    @Test
    void probe_whenResolverHangs_endsWithinTheTotalDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        HostProbe hanging = new HostProbe() {
            @Override
            public List<InetAddress> resolve(String host, Duration timeout) {
                // A resolver that ignores its timeout, like a stuck native lookup.
                while (true) {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        // keep hanging: the validator must not depend on interrupts being honoured
                    }
                }
            }

            @Override
            public void handshake(String host, InetAddress address, int port, Duration timeout) {
            }
        };
        WorkflowValidator validator = new WorkflowValidator(hanging, Duration.ofMillis(100), Duration.ofMillis(700));

        long start = System.nanoTime();
        ValidationReport report = validator.validate(workflow(withUrl("https://api.example.com/")), PROBE);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isLessThan(2_000);
        assertThat(probeFindings(report)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("did not finish"));
    }

    @Test
    void probe_whenManyNodesShareHostsAndSomeAreDynamic_probesEachStaticHostOnce() throws Exception {
        int port = tlsListener();
        List<String> resolved = Collections.synchronizedList(new ArrayList<>());
        JdkHostProbe real = new JdkHostProbe(clientContext(), true);
        HostProbe recording = new HostProbe() {
            @Override
            public List<InetAddress> resolve(String host, Duration timeout) throws IOException {
                resolved.add(host);
                return real.resolve(host, timeout);
            }

            @Override
            public void handshake(String host, InetAddress address, int p, Duration timeout) throws IOException {
                real.handshake(host, address, p, timeout);
            }
        };
        ObjectNode doc = withUrl("https://localhost:" + port + "/a");
        for (int i = 0; i < 5; i++) {
            addNode(doc, "same-" + i, "http.request", "{\"url\": \"https://localhost:" + port + "/b" + i + "\"}");
            addEdge(doc, "in", "same-" + i, null);
            addEdge(doc, "same-" + i, "reply", null);
        }
        addNode(doc, "dynamic", "http.request", "{\"url\": \"https://{{ input.host }}/\"}");
        addEdge(doc, "in", "dynamic", null);
        addEdge(doc, "dynamic", "reply", null);

        new WorkflowValidator(recording, Duration.ofMillis(500), Duration.ofSeconds(3)).validate(workflow(doc), PROBE);

        assertThat(resolved).containsExactly("localhost");
    }

    @Test
    void validate_whenProbeNotRequested_neverCallsTheProbe() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        HostProbe recording = new HostProbe() {
            @Override
            public List<InetAddress> resolve(String host, Duration timeout) {
                calls.add(host);
                return List.of();
            }

            @Override
            public void handshake(String host, InetAddress address, int port, Duration timeout) {
                calls.add(host);
            }
        };

        new WorkflowValidator(recording).validate(workflow(base()));

        assertThat(calls).isEmpty();
    }
}
