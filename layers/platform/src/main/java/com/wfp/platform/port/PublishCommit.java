package com.wfp.platform.port;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.routing.RoutingConfig;

/**
 * The last write of a successful publish: new routing and the SUCCEEDED deployment, stored
 * together by {@link DeploymentStore#commitPublish}.
 *
 * @param deployment       the deployment, in state SUCCEEDED
 * @param expectedRevision the routing revision the plan was made from
 * @param routing          the planned routing
 * @param why              the reason written to the routing history
 */
public record PublishCommit(Deployment deployment, long expectedRevision, RoutingConfig routing, String why) {

    public PublishCommit {
        InputRules.required("deployment", deployment);
        InputRules.required("routing", routing);
        if (deployment.state() != DeploymentState.SUCCEEDED) {
            throw new IllegalArgumentException("A publish commits only a SUCCEEDED deployment, got " + deployment.state());
        }
        if (!deployment.ref().equals(routing.ref())) {
            throw new IllegalArgumentException("The routing is for " + routing.ref() + ", the deployment for " + deployment.ref());
        }
    }
}
