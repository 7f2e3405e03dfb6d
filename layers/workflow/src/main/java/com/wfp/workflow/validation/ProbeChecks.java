package com.wfp.workflow.validation;

import com.wfp.workflow.model.Node;
import com.wfp.workflow.net.AddressClass;
import com.wfp.workflow.net.HostAddresses;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The optional live probe ({@code security.probe-dns}, {@code security.probe-tls}, warnings):
 * each distinct static {@code http.request} target is resolved and, for https, handshaken, all
 * targets in parallel on virtual threads. Each step has its own timeout and the whole probe a
 * deadline, so a validation with the probe on ends in bounded time however many hosts hang.
 */
final class ProbeChecks {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(2);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(5);

    /** One host and port to probe, with the first node (in document order) that calls it. */
    private record Target(String host, int port, boolean tls, Node node) {
    }

    private record Problem(String code, String message) {
    }

    /** What the probe found for one target. */
    private record Outcome(Target target, List<Problem> problems) {
    }

    private final HostProbe probe;
    private final Duration stepTimeout;
    private final Duration totalTimeout;

    ProbeChecks(HostProbe probe) {
        this(probe, STEP_TIMEOUT, TOTAL_TIMEOUT);
    }

    ProbeChecks(HostProbe probe, Duration stepTimeout, Duration totalTimeout) {
        this.probe = probe;
        this.stepTimeout = stepTimeout;
        this.totalTimeout = totalTimeout;
    }

    void run(ValidationContext ctx) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (Node node : ctx.nodes()) {
            if (ValidationContext.typeOf(node).orElse(null) != NodeType.HTTP_REQUEST) {
                continue;
            }
            Optional<TargetUrl> url = ctx.target(node);
            if (url.isEmpty() || url.get().dynamic() || url.get().port() < 0) {
                continue;
            }
            TargetUrl t = url.get();
            boolean tls = "https".equals(t.scheme());
            targets.putIfAbsent(t.bareHost() + '|' + t.port() + '|' + tls, new Target(t.bareHost(), t.port(), tls, node));
        }
        if (targets.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + totalTimeout.toNanos();
        List<Future<Outcome>> futures = new ArrayList<>();
        List<Target> order = new ArrayList<>(targets.values());
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Target t : order) {
                futures.add(pool.submit(() -> probe(t)));
            }
            for (int i = 0; i < order.size(); i++) {
                report(ctx, await(futures.get(i), order.get(i), deadline));
            }
        } finally {
            // Never wait for probes that overran the deadline (close() would): interrupt them and move on.
            pool.shutdownNow();
        }
    }

    private Outcome await(Future<Outcome> future, Target target, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Outcome(target, List.of(new Problem("security.probe-dns",
                    "The probe of '" + target.host() + "' did not finish within " + totalTimeout.toSeconds() + " s")));
        } catch (ExecutionException e) {
            return new Outcome(target, List.of(new Problem("security.probe-dns",
                    "The probe of '" + target.host() + "' failed: " + e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(target, List.of(new Problem("security.probe-dns",
                    "The probe of '" + target.host() + "' was interrupted")));
        }
    }

    private Outcome probe(Target t) {
        List<Problem> problems = new ArrayList<>();
        List<InetAddress> addresses;
        try {
            addresses = probe.resolve(t.host(), stepTimeout);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem("security.probe-dns",
                    "The host '" + t.host() + "' does not resolve: " + describe(e)));
            return new Outcome(t, problems);
        }
        if (addresses.isEmpty()) {
            problems.add(new Problem("security.probe-dns", "The host '" + t.host() + "' resolves to no address"));
            return new Outcome(t, problems);
        }
        // A literal or local name is already reported by the static target checks.
        if (HostAddresses.classifyLiteral(t.host()).isEmpty()) {
            for (InetAddress a : addresses) {
                AddressClass cls = HostAddresses.classify(a);
                if (!cls.isPublic()) {
                    problems.add(new Problem("security.probe-dns", "The host '" + t.host() + "' resolves to "
                            + a.getHostAddress() + ", which is " + cls.description()));
                    break;
                }
            }
        }
        if (t.tls()) {
            try {
                probe.handshake(t.host(), addresses.get(0), t.port(), stepTimeout);
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem("security.probe-tls",
                        "No TLS handshake with " + t.host() + ":" + t.port() + ": " + describe(e)));
            }
        }
        return new Outcome(t, problems);
    }

    private static void report(ValidationContext ctx, Outcome outcome) {
        Node node = outcome.target().node();
        JsonPath path = ValidationContext.pathOf(node).keys("config", "url");
        for (Problem p : outcome.problems()) {
            String hint = p.code().equals("security.probe-tls")
                    ? "Check that the service serves https on this port with a certificate for this host name."
                    : "Check the host name; a name that resolves to an internal address is blocked at run time.";
            ctx.findings().warning(p.code(), node.id(), path, p.message(), hint);
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
