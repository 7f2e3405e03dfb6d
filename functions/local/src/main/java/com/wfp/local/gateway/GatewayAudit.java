package com.wfp.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.CallAudit;
import com.wfp.platform.access.AccessDecision;
import com.wfp.platform.audit.AuditTrail;
import com.wfp.platform.audit.InvocationCounter;

import java.util.Map;

/**
 * What the gateway writes to the audit trail, as {@link CallAudit} writes it on every host: one
 * record per control API call (allowed, denied or failed), one per refused production call, and
 * per-minute counts of allowed production calls per key.
 *
 * @param trail       the audit trail
 * @param invocations the per-minute counts of allowed production calls
 */
public record GatewayAudit(AuditTrail trail, InvocationCounter invocations) {

    private CallAudit calls() {
        return new CallAudit(trail, invocations);
    }

    /** Records a control API call. */
    void control(String principal, String action, String path, Map<String, String> pathParameters,
                 Map<String, String> query, byte[] body, String source, APIGatewayProxyResponseEvent answer) {
        calls().control(principal, action, path, pathParameters, query, body, source, answer);
    }

    /** Records a production call the authorizer refused. */
    void refused(AccessDecision decision, String path, String source) {
        calls().refused(decision, path, source);
    }

    /** Counts a production call the authorizer let in. */
    void allowed(AccessDecision decision) {
        calls().allowed(decision);
    }
}
