/**
 * Where a production call goes, and getting it there: a workflow's routing
 * ({@link com.wfp.platform.routing.RoutingConfig}: weights, stickiness, shadow, retirement) and
 * the entries of its history, the decision for one call ({@link com.wfp.platform.routing.RouteDecider},
 * kept per workflow by {@link com.wfp.platform.routing.RoutingCache}), and serving the call
 * ({@link com.wfp.platform.routing.ProductionRouter}, with a bulkhead per pod and the shadow
 * mirror). Changing the routing is {@link com.wfp.platform.traffic}'s; progressive rollouts are
 * {@link com.wfp.platform.rollout}'s.
 */
package com.wfp.platform.routing;
