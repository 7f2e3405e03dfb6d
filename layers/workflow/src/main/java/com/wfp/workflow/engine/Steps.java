package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.dashjoin.jsonata.Jsonata;
import com.wfp.workflow.expression.Expression;
import com.wfp.workflow.expression.JsonValues;
import com.wfp.workflow.expression.Template;
import com.wfp.workflow.net.http.OutboundHttpException;
import com.wfp.workflow.net.http.OutboundRequest;
import com.wfp.workflow.net.http.OutboundResponse;
import com.wfp.workflow.net.http.RetryPolicy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The node types of format 1, each compiled from its config by {@link WorkflowCompiler}. */
final class Steps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DEFAULT_BRANCH = Set.of();

    private Steps() {
    }

    /** {@code trigger.http}: its output is the (already validated) input. */
    record Trigger() implements NodeStep {
        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            return new NodeAction.Continue(execution.input(), null);
        }

        @Override
        public Set<String> branches() {
            return DEFAULT_BRANCH;
        }
    }

    /** {@code transform}: its output is the expression's value. */
    record Transform(Expression expression) implements NodeStep {
        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            return new NodeAction.Continue(execution.evaluate(expression), null);
        }

        @Override
        public Set<String> branches() {
            return DEFAULT_BRANCH;
        }
    }

    /** {@code condition}: follows {@code true} or {@code false}; its output is the boolean. */
    record Condition(Expression expression) implements NodeStep {
        private static final Set<String> BRANCHES = Set.of("true", "false");

        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            Object value = execution.evaluate(expression);
            boolean result = value instanceof Boolean b ? b : value != null && Jsonata.boolize(value);
            return new NodeAction.Continue(result, result ? "true" : "false");
        }

        @Override
        public Set<String> branches() {
            return BRANCHES;
        }

        @Override
        public boolean defaultBranch() {
            return false;
        }
    }

    /** {@code switch}: follows the case equal to the expression's value, else {@code default}; its output is the value. */
    record Switch(Expression expression, List<String> cases) implements NodeStep {
        static final String DEFAULT = "default";

        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            Object value = execution.evaluate(expression);
            String text = value == null ? null : JsonValues.toText(value);
            String branch = text != null && cases.contains(text) ? text : DEFAULT;
            return new NodeAction.Continue(value, branch);
        }

        @Override
        public Set<String> branches() {
            Set<String> names = new HashSet<>(cases);
            names.add(DEFAULT);
            return names;
        }

        @Override
        public boolean defaultBranch() {
            return false;
        }
    }

    /** {@code delay}: waits, never past the workflow's deadline; its output is {@code {"delayedMs": n}}. */
    record Delay(long ms) implements NodeStep {
        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            long remaining = execution.remainingMs();
            long wait = Math.min(ms, remaining);
            Map<String, Object> output = Map.of("delayedMs", ms);
            // A delay holds nothing but a parked virtual thread. On a machine too busy to wake it in time it ends
            // late, which is the workflow's deadline to judge, not a node failure: its own bound is that deadline.
            return new NodeAction.Await(() -> {
                Thread.sleep(wait);
                return output;
            }, Math.max(1, remaining) + 1_000);
        }

        @Override
        public Set<String> branches() {
            return DEFAULT_BRANCH;
        }
    }

    /** {@code merge}: its output is the outputs of its active predecessors by node id. */
    record Merge() implements NodeStep {
        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            return new NodeAction.Continue(execution.activePredecessorOutputs(node), null);
        }

        @Override
        public Set<String> branches() {
            return DEFAULT_BRANCH;
        }
    }

    /** {@code respond}: answers the caller; the first one reached wins. */
    record Respond(int status, Map<String, Template> headers, Expression body) implements NodeStep {
        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            Map<String, String> rendered = new LinkedHashMap<>();
            headers.forEach((name, template) -> {
                String value = execution.renderText(template);
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new NodeException("respond.invalid-header", 500,
                            "Node '" + node.id() + "': the value of response header '" + name + "' contains a line break",
                            "Remove line breaks from the header value (check the data its template inserts).",
                            null, NodeStatus.FAILED, null);
                }
                rendered.put(name, value);
            });
            Object value = body == null ? null : execution.evaluate(body);
            return new NodeAction.Answer(status, rendered, value);
        }

        @Override
        public Set<String> branches() {
            return Set.of();
        }

        @Override
        public boolean defaultBranch() {
            return false;
        }
    }

    /** {@code fail}: ends the execution as failed with a status and a message. */
    record Fail(int status, Template message) implements NodeStep {
        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            String text = message == null ? "The workflow failed at node '" + node.id() + "'" : execution.renderText(message);
            return new NodeAction.Stop(status, text);
        }

        @Override
        public Set<String> branches() {
            return Set.of();
        }

        @Override
        public boolean defaultBranch() {
            return false;
        }
    }

    /** {@code http.request}: calls an HTTP endpoint through the guarded client. */
    record HttpRequest(String method, Template url, Map<String, Template> headers, JsonTemplate body,
                       long timeoutMs, RetryPolicy retry, boolean allowInsecureHttp) implements NodeStep {

        @Override
        public NodeAction start(Execution execution, CompiledNode node) {
            String target = execution.renderText(url);
            URI uri;
            try {
                uri = new URI(target.trim());
            } catch (URISyntaxException e) {
                throw new NodeException("http.invalid-url", 500,
                        "Node '" + node.id() + "': the URL '" + target + "' is not valid: " + e.getReason(),
                        "Build the URL from values that are URL-safe (encode them with $encodeUrlComponent).",
                        null, NodeStatus.FAILED, e);
            }
            execution.noteUpstream(node, uri.getHost());
            Map<String, String> rendered = new LinkedHashMap<>();
            headers.forEach((name, template) -> rendered.put(name, execution.renderText(template)));
            byte[] payload = new byte[0];
            if (body != null) {
                Object value = body.render(execution);
                if (value instanceof String text) {
                    payload = text.getBytes(StandardCharsets.UTF_8);
                    putIfAbsent(rendered, "Content-Type", "text/plain; charset=utf-8");
                } else if (value != null) {
                    payload = JsonValues.toJson(value).toString().getBytes(StandardCharsets.UTF_8);
                    putIfAbsent(rendered, "Content-Type", "application/json");
                }
            }
            long timeout = Math.max(1, Math.min(timeoutMs, execution.remainingMs()));
            // A header carries a secret when redaction would change it: its value holds one the execution read.
            java.util.Set<String> secretHeaders = new java.util.HashSet<>();
            rendered.forEach((name, value) -> {
                if (!value.equals(execution.redact(value))) {
                    secretHeaders.add(name);
                }
            });
            OutboundRequest request = new OutboundRequest(method, uri, rendered, payload, allowInsecureHttp, timeout,
                    secretHeaders);
            var client = execution.http();
            String nodeId = node.id();
            // A little more than the client's own deadline, so that the client's precise error wins.
            return new NodeAction.Await(() -> call(client, request, nodeId), timeout + 250);
        }

        private Object call(com.wfp.workflow.net.http.GuardedHttpClient client, OutboundRequest request, String nodeId) {
            OutboundResponse response;
            try {
                response = client.send(request, retry);
            } catch (OutboundHttpException e) {
                throw new NodeException(e.code(), e.httpStatus(), "Node '" + nodeId + "': " + e.getMessage(), e.hint(),
                        null, e.timedOut() ? NodeStatus.TIMED_OUT : NodeStatus.FAILED, e);
            }
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("status", response.status());
            output.put("headers", new LinkedHashMap<String, Object>(response.headers()));
            output.put("body", parseBody(response));
            if (!response.successful()) {
                String attempts = response.attempts() > 1 ? " after " + response.attempts() + " attempts" : "";
                throw new NodeException("http.status", 502,
                        "Node '" + nodeId + "': " + request.method() + " " + response.uri().getHost() + " answered "
                                + response.status() + attempts,
                        "Check the request (URL, headers, body) and the target service; add an error branch to handle it.",
                        output, NodeStatus.FAILED, null);
            }
            return output;
        }

        private static Object parseBody(OutboundResponse response) {
            byte[] bytes = response.body();
            if (bytes.length == 0) {
                return null;
            }
            if (response.contentType().toLowerCase(Locale.ROOT).contains("json")) {
                try {
                    JsonNode tree = JSON.readTree(bytes);
                    return JsonValues.toPlain(tree);
                } catch (IOException e) {
                    // A body labelled JSON that is not JSON is still useful to the workflow as text.
                }
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static void putIfAbsent(Map<String, String> headers, String name, String value) {
            for (String existing : headers.keySet()) {
                if (existing.equalsIgnoreCase(name)) {
                    return;
                }
            }
            headers.put(name, value);
        }

        @Override
        public Set<String> branches() {
            return DEFAULT_BRANCH;
        }
    }
}
