package com.wfp.pod;

import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.WorkflowParser;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The production pod: a Jetty 12 server holding releases in memory and executing them with bounded concurrency,
 * each run on the platform thread that received its request. {@link #stop()} drains: new runs are refused with 503
 * while admitted ones finish (up to the drain timeout), then the server stops.
 */
public final class PodServer implements AutoCloseable {

    /** Handler threads beyond runs and queued runs: selection, acceptance, health checks, loads and unloads. */
    private static final int SPARE_THREADS = 16;
    /**
     * The most handler threads a pod starts, whatever its plan: the gateway holds at most 64 calls in flight and
     * 64 waiting for one user's pod, so a plan allowing more than this many at once and queued never fills it.
     */
    private static final int MAX_HANDLER_THREADS = 1024;

    private final PodSettings settings;
    private final PodLog log;
    private final ReleaseRegistry releases;
    private final ExecutionLimiter limiter;
    private final Server server;
    private final ServerConnector connector;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long startedNanos;
    private boolean stopping;

    public PodServer(PodSettings settings, WorkflowEngine engine, LineSink logSink) {
        this.settings = settings;
        this.log = new PodLog(logSink, settings.logQueueSize(), settings.podName());
        this.releases = new ReleaseRegistry(engine, new WorkflowParser(), Clock.systemUTC());
        this.limiter = new ExecutionLimiter(settings.maxConcurrency(), settings.queueSize(), settings.queueTimeout());
        Handler handler = PodRoutes.create(settings, releases, limiter, engine, log);
        this.server = newJettyServer(settings.host(), settings.port(), settings.idleTimeout(), handlerThreads(settings),
                handler);
        this.connector = (ServerConnector) server.getConnectors()[0];
        if (settings.unixSocket() != null) {
            server.addConnector(unixSocketConnector(server, connector, settings.unixSocket()));
        }
    }

    /**
     * A second connector on a Unix domain socket, with the TCP connector's HTTP settings. A socket file left by a
     * pod that crashed is removed first; any other file at that path is left alone and the pod does not start.
     */
    private static UnixDomainServerConnector unixSocketConnector(Server server, ServerConnector tcp, Path socket) {
        try {
            BasicFileAttributes existing = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!existing.isOther()) {
                throw DomainException.badRequest("pod.settings.unix-socket",
                        "Invalid pod setting: " + socket + " exists and is not a socket",
                        "Pass a --unix-socket path where nothing else lives; the pod creates the socket itself.");
            }
            Files.delete(socket);
        } catch (NoSuchFileException e) {
            // Nothing left from an earlier pod.
        } catch (IOException e) {
            throw DomainException.unavailable("pod.start-failed", "The pod could not replace the socket " + socket
                    + ": " + e.getMessage(), "Check that the platform's data directory is writable.", e);
        }
        HttpConnectionFactory http = tcp.getConnectionFactory(HttpConnectionFactory.class);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, 1, 1,
                new HttpConnectionFactory(http.getHttpConfiguration()));
        connector.setUnixDomainPath(socket);
        connector.setIdleTimeout(tcp.getIdleTimeout());
        connector.setAcceptQueueSize(tcp.getAcceptQueueSize());
        return connector;
    }

    /**
     * The server stack the pod runs on, without the pod: platform threads that select, parse and handle, one
     * HTTP/1.1 connector. Public so a benchmark can measure a bare handler on exactly the same stack.
     *
     * <p>Platform threads, not virtual ones: the JDK reads CPU time only for platform threads, and the expression
     * bound counts time on a core so that a loaded machine does not turn a correct expression into a timeout. A run
     * therefore executes on the thread that received it; handing it from a virtual thread to a platform one and
     * back cost two thread switches a call, a quarter of the pod's throughput.
     *
     * @param maxThreads the most handler threads; every admitted or queued run holds one
     */
    public static Server newJettyServer(String host, int port, Duration idleTimeout, int maxThreads, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 4);
        threads.setName("pod");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Only the platform calls a pod, and the gateway dates the caller's answer itself: a date here was written
        // and read on every run for nothing.
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setStopAtShutdown(false);
        server.setStopTimeout(2_000);
        return server;
    }

    /**
     * Connecting to a Unix domain socket takes write permission on its file, so only the pod's own OS user keeps
     * it, whatever the umask gave the socket when it was bound. A file system without POSIX permissions leaves the
     * socket to its directory's protection.
     */
    private void ownerOnly(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // No POSIX permissions here; the directory guards the socket.
        } catch (IOException e) {
            stop();
            throw DomainException.unavailable("pod.start-failed", "The pod could not make its socket " + socket
                    + " owner-only: " + e.getMessage(), "Pass a --unix-socket path in a directory the pod's user owns.", e);
        }
    }

    /** Threads for every run the plan admits at once and queues, and the spare ones, up to the cap. */
    static int handlerThreads(PodSettings settings) {
        return (int) Math.min(MAX_HANDLER_THREADS, (long) settings.maxConcurrency() + settings.queueSize() + SPARE_THREADS);
    }

    /** Binds and starts serving; then logs the {@code pod.ready} line with the bound port. */
    public PodServer start() {
        startedNanos = System.nanoTime();
        try {
            server.start();
        } catch (Exception e) {
            log.close();
            throw DomainException.unavailable("pod.start-failed",
                    "The pod could not listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(),
                    "Choose a free port (or 0 for any free port) and a host address this machine has.", e);
        }
        if (settings.unixSocket() != null) {
            ownerOnly(settings.unixSocket());
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("port", port());
        ready.put("host", settings.host());
        if (settings.unixSocket() != null) {
            ready.put("unixSocket", settings.unixSocket().toString());
        }
        ready.put("pid", ProcessHandle.current().pid());
        ready.put("maxConcurrency", settings.maxConcurrency());
        ready.put("queueSize", settings.queueSize());
        ready.put("startupMs", (System.nanoTime() - startedNanos) / 1_000_000);
        log.event("pod.ready", ready);
        return this;
    }

    /** The bound port (the chosen one when the settings asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Base URI, such as {@code http://127.0.0.1:41234}. */
    public URI uri() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("http://" + host + ":" + port());
    }

    public ReleaseRegistry releases() {
        return releases;
    }

    public ExecutionLimiter limiter() {
        return limiter;
    }

    public PodLog log() {
        return log;
    }

    /**
     * Drains and stops: refuses new runs (503, health reports draining), waits up to the drain timeout for
     * admitted executions, stops Jetty, logs {@code pod.stopped} and flushes the log. Idempotent.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                awaitStopped();
                return;
            }
            stopping = true;
        }
        long drainStarted = System.nanoTime();
        limiter.beginDrain();
        boolean drained;
        try {
            drained = limiter.awaitIdle(settings.drainTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        long drainMs = (System.nanoTime() - drainStarted) / 1_000_000;
        try {
            server.stop();
        } catch (Exception e) {
            log.podError("pod.stop-failed", null, e);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("drained", drained);
        fields.put("drainMs", drainMs);
        fields.put("abandoned", limiter.inFlight());
        fields.put("logLinesDropped", log.dropped());
        log.event("pod.stopped", fields);
        log.close();
        stopped.countDown();
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
