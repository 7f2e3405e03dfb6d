package com.wfp.local.gateway;

import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.datapath.RouteHandler;
import com.wfp.platform.routing.ProductionRouter;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The local platform's front door, on Jetty's core handler API: HTTPS for the control API, and
 * an optional plain HTTP listener that only redirects to HTTPS. Every response carries the
 * security headers; control API requests are dispatched to the same handler classes Lambda runs.
 */
public final class LocalGateway implements AutoCloseable {

    private final GatewaySettings settings;
    private final Server server;
    private final ServerConnector https;
    private final ServerConnector http;
    private final ProductionRouter router;

    /** A gateway serving the control API only, its handlers built with their no-arg constructors. */
    public LocalGateway(GatewaySettings settings) {
        this(settings, ControlRoutes.all(), GatewayWiring.controlOnly());
    }

    /** A gateway serving every control route and whatever else {@code wiring} provides. */
    public LocalGateway(GatewaySettings settings, GatewayWiring wiring) {
        this(settings, ControlRoutes.all(), wiring);
    }

    LocalGateway(GatewaySettings settings, List<ControlRoute> routes) {
        this(settings, routes, GatewayWiring.controlOnly());
    }

    LocalGateway(GatewaySettings settings, List<ControlRoute> routes, GatewayWiring wiring) {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("wfp-gateway");
        // Handlers block (a production call waits for its pod); on virtual threads a wait holds no pool thread,
        // so calls waiting on one user's slow pod never queue the control API or other users behind them.
        // A bare start, not a thread-per-task executor service: that one adds every thread to a concurrent set
        // and removes it again, at each request, for a shutdown the server never asks of it.
        ThreadFactory virtualThreads = Thread.ofVirtual().name("wfp-gateway-vt-", 0).factory();
        threads.setVirtualThreadsExecutor(task -> virtualThreads.newThread(task).start());
        this.server = new Server(threads);
        server.setStopAtShutdown(false);
        server.setErrorHandler(new JsonErrorHandler());

        HttpConfiguration httpsConfig = plainConfig();
        httpsConfig.setSecureScheme("https");
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach the gateway as localhost, 127.0.0.1 or [::1]; all are in the certificate, and an
        // address literal sends no SNI at all, which the check would otherwise refuse.
        secure.setSniHostCheck(false);
        httpsConfig.addCustomizer(secure);
        this.https = new ServerConnector(server,
                new SslConnectionFactory(TlsPolicy.serverContext(settings.tls()), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(httpsConfig));
        https.setHost(settings.bindHost());
        https.setPort(settings.httpsPort());
        https.setName("https");
        server.addConnector(https);

        if (settings.httpEnabled()) {
            this.http = new ServerConnector(server, new HttpConnectionFactory(plainConfig()));
            http.setHost(settings.bindHost());
            http.setPort(settings.httpPort());
            http.setName("http");
            server.addConnector(http);
        } else {
            this.http = null;
        }

        Map<ControlRoute, ApiHandler> handlers = ControlApiHandler.instantiate(routes, wiring.services());
        Handler api = new ControlApiHandler(handlers, settings.adminToken(), settings.maxBodyBytes(),
                wiring.audit(), wiring.control());
        if (wiring.dataPath() != null) {
            this.router = wiring.dataPath().router();
            api = new DataPathHandler(wiring.dataPath().authorizer(), new RouteHandler(router), settings.maxBodyBytes(), api,
                    wiring.audit());
        } else {
            this.router = null;
        }
        server.setHandler(new SecurityHeadersHandler(ControlRoutes.API_PREFIX,
                new HttpsRedirectHandler(this::httpsPort, settings.bindHost(), new DocsPageHandler(new ConsolePageHandler(api)))));
    }

    private static HttpConfiguration plainConfig() {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        return config;
    }

    /** Binds both listeners and starts serving. */
    public LocalGateway start() {
        // Bind each listener ourselves first, so a port conflict names the listener and port that failed.
        open(https, PortInUseException.Listener.HTTPS, settings.httpsPort());
        if (http != null) {
            open(http, PortInUseException.Listener.HTTP, settings.httpPort());
        }
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("The gateway did not start: " + e.getMessage(), e);
        }
        return this;
    }

    private void open(ServerConnector connector, PortInUseException.Listener listener, int port) {
        try {
            connector.open();
        } catch (IOException e) {
            close();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new PortInUseException(listener, settings.bindHost(), port, e);
            }
            throw new DomainException("gateway.cannot-listen", 503,
                    "Cannot listen on " + settings.bindHost() + ":" + port + ": " + e.getMessage(),
                    "Listen on an address of this machine, such as 127.0.0.1 (this machine only) or 0.0.0.0 (all).", e);
        }
    }

    /** The HTTPS port actually bound (useful when 0 asked for a free one). */
    public int httpsPort() {
        return https.getLocalPort();
    }

    /** The HTTP redirect port actually bound, or -1 when that listener is off. */
    public int httpPort() {
        return http == null ? GatewaySettings.HTTP_OFF : http.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The gateway did not stop cleanly: " + e.getMessage(), e);
        } finally {
            if (router != null) {
                router.close();
            }
            https.close();
            if (http != null) {
                http.close();
            }
        }
    }
}
