/**
 * Changing who serves a workflow's traffic, as an operator, an alarm or a rollout asks:
 * {@link com.wfp.platform.traffic.TrafficService} (weights, promote, demote, blue/green switch,
 * stickiness, shadow, retire, rollback), each change one compare-and-set of the routing, and what
 * the traffic views read ({@link com.wfp.platform.traffic.TrafficQueries}). The routing itself and
 * serving calls by it are {@link com.wfp.platform.routing}'s.
 */
package com.wfp.platform.traffic;
