package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.access.AccessDecision;
import com.wfp.platform.audit.AuditOutcome;
import com.wfp.platform.audit.AuditTrail;
import com.wfp.platform.audit.InvocationCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a host writes to the audit trail for the calls it answers, the same on the local gateway
 * and on Lambda: one record per control API call (allowed, denied or failed), one per refused
 * production call, and per-minute counts of allowed production calls per key. Recording never
 * changes an answer: a failed write is logged.
 *
 * @param trail       the audit trail
 * @param invocations the per-minute counts of allowed production calls
 */
public record CallAudit(AuditTrail trail, InvocationCounter invocations) {

    private static final Logger LOG = LoggerFactory.getLogger(CallAudit.class);

    /** Bodies larger than this are not read for parameters (a workflow document is not a parameter). */
    private static final int MAX_PARAMS_BODY = 16 * 1024;

    /** Records a control API call. */
    public void control(String principal, String action, String path, Map<String, String> pathParameters,
                        Map<String, String> query, byte[] body, String source, APIGatewayProxyResponseEvent answer) {
        Map<String, String> params = new LinkedHashMap<>();
        if (pathParameters != null) {
            params.putAll(pathParameters);
        }
        if (query != null) {
            query.forEach((name, value) -> params.putIfAbsent("?" + name, value));
        }
        bodyScalars(body, params);
        int status = answer.getStatusCode() == null ? 200 : answer.getStatusCode();
        write(principal, action, path, params, source, outcome(status), code(status, answer.getBody()));
    }

    /** Records a production call the authorizer refused, or counts one it let in. */
    public void decided(AccessDecision decision, String path, String source) {
        if (decision.allowed()) {
            allowed(decision);
        } else {
            refused(decision, path, source);
        }
    }

    /** Records a production call the authorizer refused. */
    public void refused(AccessDecision decision, String path, String source) {
        write(decision.principal() == null ? AccessDecision.ANONYMOUS : decision.principal(), "invoke", path, Map.of(),
                source, outcome(decision.status()), decision.status() + (decision.code() == null ? "" : " " + decision.code()));
    }

    /** Counts a production call the authorizer let in. */
    public void allowed(AccessDecision decision) {
        try {
            invocations.count(decision.principal());
        } catch (RuntimeException e) {
            LOG.warn("the audit trail could not count a call", e);
        }
    }

    private void write(String principal, String action, String resource, Map<String, String> params, String source,
                       AuditOutcome outcome, String code) {
        try {
            trail.record(principal, action, resource, params, source, outcome, code);
        } catch (RuntimeException e) {
            LOG.warn("the audit trail could not record {} {}", action, resource, e);
        }
    }

    private static AuditOutcome outcome(int status) {
        if (status == 401 || status == 403 || status == 429) {
            return AuditOutcome.DENIED;
        }
        return status < 400 ? AuditOutcome.ALLOWED : AuditOutcome.FAILED;
    }

    private static String code(int status, String body) {
        if (status < 400 || body == null) {
            return Integer.toString(status);
        }
        try {
            String code = ReportJson.mapper().readTree(body).path("error").path("code").asText("");
            return code.isEmpty() ? Integer.toString(status) : status + " " + code;
        } catch (IOException notJson) {
            return Integer.toString(status);
        }
    }

    private static void bodyScalars(byte[] body, Map<String, String> params) {
        if (body == null || body.length == 0 || body.length > MAX_PARAMS_BODY) {
            return;
        }
        try {
            JsonNode json = ReportJson.mapper().readTree(body);
            if (json == null || !json.isObject()) {
                return;
            }
            for (Map.Entry<String, JsonNode> field : json.properties()) {
                if (field.getValue().isValueNode()) {
                    params.putIfAbsent(field.getKey(), field.getValue().asText());
                } else if (!field.getKey().equals("definition")) {
                    params.putIfAbsent(field.getKey(), field.getValue().toString());
                }
            }
        } catch (IOException notJson) {
            // Only JSON bodies have parameters to record.
        }
    }
}
