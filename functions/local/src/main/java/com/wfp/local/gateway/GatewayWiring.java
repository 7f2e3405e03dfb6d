package com.wfp.local.gateway;

import com.wfp.handlers.datapath.AuthorizerHandler;
import com.wfp.handlers.http.ControlAuthorizer;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.port.ReleaseLoader;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.platform.telemetry.ForwardedCalls;
import com.wfp.platform.routing.PodBulkhead;
import com.wfp.platform.routing.ProductionRouter;

/**
 * What the gateway serves beyond the routes themselves: the services each route builds its
 * handler from and the data path (null for a gateway that serves the control API only).
 *
 * @param services    what each route builds its handler from (with the domain events, the deployment events route streams)
 * @param dataPath    forwards production calls to pods, or null
 * @param audit       where control calls and refused production calls are recorded, or null
 * @param control     who control calls come from and what they may do; null for the admin token alone
 */
public record GatewayWiring(HandlerServices services, DataPath dataPath, GatewayAudit audit,
                            ControlAuthorizer control) {

    public GatewayWiring(HandlerServices services, DataPath dataPath, GatewayAudit audit) {
        this(services, dataPath, audit, null);
    }

    /** This wiring, with people and roles deciding control calls (the admin token still may do everything). */
    public GatewayWiring withControl(ControlAuthorizer control) {
        return new GatewayWiring(services, dataPath, audit, control);
    }

    /**
     * The data path: the authorizer every production call passes first, and the router it then
     * goes through, which the gateway closes with itself.
     */
    public record DataPath(AuthorizerHandler authorizer, ProductionRouter router) {

        public DataPath {
            java.util.Objects.requireNonNull(authorizer, "authorizer: every production call is authorized");
            java.util.Objects.requireNonNull(router, "router");
        }

        /**
         * The local data path: pods reached over HTTP, started on first use, and given back a
         * release they lost; each user's pod behind its own bulkhead, so one user's slow workflow
         * never holds more than its share of the gateway.
         *
         * @param observer told about every forwarded call (the rollout telemetry)
         */
        public static DataPath local(AuthorizerHandler authorizer, RoutingCache routing, ReleaseStore store,
                                     PodManager pods, PodClient client, ForwardedCalls observer) {
            return new DataPath(authorizer, new ProductionRouter(routing, store,
                    new PodBulkhead(client.invoker(pods::ensurePod), PodBulkhead.Limits.DEFAULTS),
                    ReleaseLoader.of(pods), observer));
        }

        /** A local data path whose forwarded calls nobody counts. */
        public static DataPath local(AuthorizerHandler authorizer, RoutingCache routing, ReleaseStore store,
                                     PodManager pods, PodClient client) {
            return local(authorizer, routing, store, pods, client, ForwardedCalls.NONE);
        }
    }

    /** Handlers built without the publishing services (those needing them answer 503), no data path, no streaming. */
    public static GatewayWiring controlOnly() {
        return new GatewayWiring(HandlerServices.none(), null, null, null);
    }

    /** The full platform: handlers built with the services, and the data path. */
    public static GatewayWiring platform(HandlerServices services, DataPath dataPath) {
        return new GatewayWiring(services, dataPath, null, null);
    }

    /** The full platform with its audit trail. */
    public static GatewayWiring platform(HandlerServices services, DataPath dataPath, GatewayAudit audit) {
        return new GatewayWiring(services, dataPath, audit, null);
    }
}
