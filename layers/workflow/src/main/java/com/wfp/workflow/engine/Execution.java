package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.expression.Expression;
import com.wfp.workflow.expression.ExpressionEvaluator;
import com.wfp.workflow.expression.JsonValues;
import com.wfp.workflow.expression.Template;
import com.wfp.workflow.net.http.GuardedHttpClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run of an {@link ExecutableWorkflow}. A single coordinating thread (the caller's) owns all
 * state: it starts ready nodes, runs the cheap ones inline, hands blocking work (http.request,
 * delay) to virtual threads, at most {@link EngineSettings#maxParallelNodes()} at a time, and
 * collects their completions from a queue while watching node and workflow deadlines.
 *
 * <p>Branch semantics: an edge becomes active when its source finishes and takes the edge's
 * branch, inactive otherwise. A node is decided when all of its incoming edges are: it runs when
 * at least one is active (so a merge waits for all active inputs), and is skipped when none is,
 * which makes its own outgoing edges inactive in turn.
 */
final class Execution {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_STACK_TRACE = 8 * 1024;
    private static final long DEADLINE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ExecutableWorkflow workflow;
    private final ExecutionRequest request;
    private final EngineSettings settings;
    private final ExpressionEvaluator evaluator;
    private final GuardedHttpClient http;
    private final ExecutorService workers;
    private final Redactor redactor = new Redactor();
    /** The host each calling node called, and the status it answered; by node index. */
    private final Map<Integer, String> upstreamHosts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, Integer> upstreamStatuses = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object secretBinding;

    private final String executionId;
    private final Instant startedAt;
    private final long startNanos;
    private final long deadlineNanos;

    private final List<CompiledNode> nodes;
    private final List<CompiledEdge> edges;
    private final int[] undecided;
    private final boolean[] activeIncoming;
    private final boolean[] edgeActive;
    private final int[] reachedFrom;
    private final ArrayDeque<Integer> ready = new ArrayDeque<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final Map<Integer, InFlight> running = new HashMap<>();
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Map<String, Object> outputs = new HashMap<>();
    private final List<PendingTrace> traces = new ArrayList<>();
    private final List<Integer> deadEnds = new ArrayList<>(1);

    private Object input;
    private Map<String, Object> context;
    private End end;

    Execution(ExecutableWorkflow workflow, ExecutionRequest request, EngineSettings settings, ExpressionEvaluator evaluator,
              GuardedHttpClient http, ExecutorService workers, SecretProvider secrets) {
        this.workflow = workflow;
        this.request = request;
        this.settings = settings;
        this.evaluator = evaluator;
        this.http = http;
        this.workers = workers;
        this.executionId = request.executionId() == null ? UUID.randomUUID().toString() : request.executionId();
        this.startedAt = Instant.now();
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(workflow.timeoutMs());
        this.secretBinding = workflow.readsSecrets()
                ? ExpressionEvaluator.secretBinding(new SecretReader(secrets, workflow.credentials(), redactor))
                : null;
        this.nodes = workflow.nodes();
        this.edges = workflow.edges();
        int n = nodes.size();
        this.undecided = new int[n];
        this.activeIncoming = new boolean[n];
        this.reachedFrom = new int[n];
        Arrays.fill(reachedFrom, -1);
        for (CompiledNode node : nodes) {
            undecided[node.index()] = node.incoming().length;
        }
        this.edgeActive = new boolean[edges.size()];
    }

    /**
     * Remembers the host a node calls, for its trace; called on the coordinating thread as the node starts.
     */
    void noteUpstream(CompiledNode node, String host) {
        if (host != null) {
            upstreamHosts.put(node.index(), host);
        }
    }

    /** The text with every secret value this execution has read replaced by {@code ***}. */
    String redact(String text) {
        return redactor.redact(text);
    }

    // ---- what node steps use -------------------------------------------------------------------

    Object input() {
        return input;
    }

    GuardedHttpClient http() {
        return http;
    }

    long remainingMs() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private long inlineBudgetMs() {
        return Math.max(1, Math.min(remainingMs(), settings.defaultNodeTimeoutMs()));
    }

    Object evaluate(Expression expression) {
        return evaluator.evaluate(expression, context, secretBinding, inlineBudgetMs());
    }

    Object render(Template template) {
        return evaluator.render(template, context, secretBinding, inlineBudgetMs());
    }

    String renderText(Template template) {
        return evaluator.renderText(template, context, secretBinding, inlineBudgetMs());
    }

    Map<String, Object> activePredecessorOutputs(CompiledNode node) {
        Map<String, Object> byId = new LinkedHashMap<>();
        for (int e : node.incoming()) {
            if (edgeActive[e]) {
                String from = nodes.get(edges.get(e).from()).id();
                byId.put(from, outputs.get(from));
            }
        }
        return byId;
    }

    // ---- the run -------------------------------------------------------------------------------

    ExecutionResult run() {
        if (workflow.inputSchema() != null) {
            ExecutionResult rejected = checkInput();
            if (rejected != null) {
                return rejected;
            }
        }
        input = JsonValues.toPlain(request.input());
        context = new HashMap<>(4);
        context.put("input", input);
        context.put("request", requestContext());
        context.put("nodes", outputs);

        ready.add(workflow.trigger());
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = new End.TimedOut("The execution was interrupted");
        } finally {
            cancelRunning();
        }
        return result();
    }

    private void loop() throws InterruptedException {
        while (true) {
            while (end == null && !ready.isEmpty()) {
                if (System.nanoTime() >= deadlineNanos) {
                    end = workflowTimeout();
                    return;
                }
                start(nodes.get(ready.poll()));
            }
            while (end == null && !waiting.isEmpty() && running.size() < settings.maxParallelNodes()) {
                Waiting next = waiting.poll();
                launch(next.node(), next.action());
            }
            if (end != null || (running.isEmpty() && ready.isEmpty() && waiting.isEmpty())) {
                return;
            }
            if (!ready.isEmpty()) {
                continue;
            }
            long wakeAt = deadlineNanos;
            for (InFlight f : running.values()) {
                wakeAt = Math.min(wakeAt, f.deadlineNanos());
            }
            Completion done = completions.poll(Math.max(0, wakeAt - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (done != null) {
                complete(done);
                continue;
            }
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                end = workflowTimeout();
                return;
            }
            for (InFlight f : List.copyOf(running.values())) {
                if (now >= f.deadlineNanos()) {
                    running.remove(f.node().index());
                    f.future().cancel(true);
                    failed(f.node(), NodeException.timeout(f.node().id(), f.timeoutMs()), f.startNanos());
                }
            }
        }
    }

    private void start(CompiledNode node) {
        long t0 = System.nanoTime();
        NodeAction action;
        try {
            action = node.step().start(this, node);
        } catch (DomainException e) {
            failed(node, e, t0);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            failed(node, internal(node, e), t0);
            return;
        }
        switch (action) {
            case NodeAction.Continue c -> succeeded(node, c.output(), c.branch(), t0);
            case NodeAction.Answer a -> {
                trace(node, NodeStatus.SUCCEEDED, t0, JsonValues.jsonSize(a.body()), null);
                end = new End.Answered(a.status(), a.headers(), a.body());
            }
            case NodeAction.Stop s -> {
                trace(node, NodeStatus.FAILED, t0, 0, new ErrorInfo("workflow.failed", s.message(), ""));
                end = new End.Stopped(node, s.status(), s.message());
            }
            case NodeAction.Await a -> {
                if (running.size() < settings.maxParallelNodes()) {
                    launch(node, a);
                } else {
                    waiting.add(new Waiting(node, a));
                }
            }
        }
    }

    private void launch(CompiledNode node, NodeAction.Await action) {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(action.timeoutMs());
        Future<?> future = workers.submit(() -> {
            try {
                completions.add(new Completion(node, action.work().call(), null));
            } catch (Throwable t) {
                completions.add(new Completion(node, null, t));
            }
        });
        running.put(node.index(), new InFlight(node, future, t0, deadline, action.timeoutMs()));
    }

    private void complete(Completion done) {
        InFlight flight = running.remove(done.node().index());
        if (flight == null) {
            return; // it had already timed out
        }
        if (upstreamHosts.containsKey(done.node().index())) {
            Object answered = done.error() == null ? done.output()
                    : done.error() instanceof NodeException n ? n.details() : null;
            if (answered instanceof Map<?, ?> output && output.get("status") instanceof Integer status) {
                upstreamStatuses.put(done.node().index(), status);
            }
        }
        if (done.error() == null) {
            succeeded(done.node(), done.output(), null, flight.startNanos());
        } else if (done.error() instanceof DomainException e) {
            failed(done.node(), e, flight.startNanos());
        } else {
            failed(done.node(), internal(done.node(), done.error()), flight.startNanos());
        }
    }

    private void succeeded(CompiledNode node, Object output, String branch, long t0) {
        outputs.put(node.id(), output);
        trace(node, NodeStatus.SUCCEEDED, t0, JsonValues.jsonSize(output), null);
        boolean anyActive = false;
        for (int e : node.outgoing()) {
            CompiledEdge edge = edges.get(e);
            boolean active = !edge.isError() && Objects.equals(edge.branch(), branch);
            anyActive |= active;
            decide(edge, active);
        }
        if (!anyActive) {
            deadEnds.add(node.index());
        }
    }

    private void failed(CompiledNode node, DomainException error, long t0) {
        if (isTimeout(error) && System.nanoTime() >= deadlineNanos - DEADLINE_SLACK_NANOS) {
            // The node's own bound was cut to the workflow's remaining time (bounds tick in whole
            // milliseconds, hence the slack): the workflow ran out, not the node.
            trace(node, NodeStatus.TIMED_OUT, t0, 0, errorInfo(error));
            end = workflowTimeout();
            return;
        }
        NodeStatus status = error instanceof NodeException n ? n.nodeStatus() : NodeStatus.FAILED;
        ErrorInfo info = errorInfo(error);
        if (!node.hasErrorEdge()) {
            trace(node, status, t0, 0, info);
            end = new End.Failed(node, error);
            return;
        }
        Map<String, Object> output = new LinkedHashMap<>();
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("code", error.code());
        described.put("message", redactor.redact(error.getMessage()));
        output.put("error", described);
        if (error instanceof NodeException n && n.details() instanceof Map<?, ?> details) {
            details.forEach((k, v) -> output.putIfAbsent(String.valueOf(k), v));
        }
        outputs.put(node.id(), output);
        trace(node, status, t0, JsonValues.jsonSize(output), info);
        for (int e : node.outgoing()) {
            CompiledEdge edge = edges.get(e);
            decide(edge, edge.isError());
        }
    }

    private static boolean isTimeout(DomainException error) {
        return error.code().endsWith(".timeout");
    }

    private void decide(CompiledEdge edge, boolean active) {
        int target = edge.to();
        edgeActive[edge.index()] = active;
        if (active) {
            activeIncoming[target] = true;
            if (reachedFrom[target] < 0) {
                reachedFrom[target] = edge.from();
            }
        }
        if (--undecided[target] == 0) {
            if (activeIncoming[target]) {
                ready.add(target);
            } else {
                skip(nodes.get(target));
            }
        }
    }

    private void skip(CompiledNode node) {
        traces.add(new PendingTrace(node, NodeStatus.SKIPPED, 0, 0, null));
        for (int e : node.outgoing()) {
            decide(edges.get(e), false);
        }
    }

    private void cancelRunning() {
        for (InFlight f : running.values()) {
            f.future().cancel(true);
            boolean timedOut = end instanceof End.TimedOut;
            trace(f.node(), timedOut ? NodeStatus.TIMED_OUT : NodeStatus.FAILED, f.startNanos(), 0,
                    new ErrorInfo(timedOut ? "workflow.timeout" : "node.cancelled",
                            timedOut ? "The workflow's time ran out while the node was running"
                                    : "The node was stopped because the execution had already ended", ""));
        }
        running.clear();
        for (Waiting w : waiting) {
            traces.add(new PendingTrace(w.node(), NodeStatus.SKIPPED, 0, 0, null));
        }
        waiting.clear();
    }

    private ExecutionResult checkInput() {
        JsonNode value = request.input() == null ? NullNode.getInstance() : request.input();
        var messages = workflow.inputSchema().validate(value);
        if (messages.isEmpty()) {
            return null;
        }
        List<ValidationMessage> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(ValidationMessage::getMessage));
        ArrayNode violations = JSON.arrayNode();
        for (ValidationMessage m : sorted) {
            ObjectNode v = violations.addObject();
            v.put("path", m.getInstanceLocation().toString());
            v.put("message", m.getMessage());
        }
        String message = "The input does not match the trigger's inputSchema (" + sorted.size()
                + (sorted.size() == 1 ? " violation)" : " violations)");
        ObjectNode body = errorBody("input.invalid", message, null);
        ((ObjectNode) body.get("error")).set("violations", violations);
        ErrorInfo error = new ErrorInfo("input.invalid", message, "");
        return new ExecutionResult(400, Map.of(), body, trace(ExecutionStatus.REJECTED, error));
    }

    // ---- the result ----------------------------------------------------------------------------

    private ExecutionResult result() {
        return switch (end) {
            case End.Answered a -> new ExecutionResult(a.status(), a.headers(), JsonValues.toJson(a.body()),
                    trace(ExecutionStatus.SUCCEEDED, null));
            case End.Stopped s -> {
                String message = redactor.redact(s.message());
                yield new ExecutionResult(s.status(), Map.of(), errorBody("workflow.failed", message, s.node().id()),
                        trace(ExecutionStatus.FAILED, new ErrorInfo("workflow.failed", message, "")));
            }
            case End.Failed f -> {
                ErrorInfo info = redacted(errorInfo(f.error()));
                int status = f.error().httpStatus() >= 400 ? f.error().httpStatus() : 500;
                ObjectNode body = errorBody(f.error().code(), info.message(), f.node().id());
                if (!f.error().hint().isEmpty()) {
                    ((ObjectNode) body.get("error")).put("hint", redactor.redact(f.error().hint()));
                }
                yield new ExecutionResult(status, Map.of(), body, trace(ExecutionStatus.FAILED, info));
            }
            case End.TimedOut t -> new ExecutionResult(504, Map.of(), errorBody("workflow.timeout", t.message(), null),
                    trace(ExecutionStatus.TIMED_OUT, new ErrorInfo("workflow.timeout", t.message(), "")));
            case null -> noResponse();
        };
    }

    private ExecutionResult noResponse() {
        List<String> path = new ArrayList<>();
        String message;
        if (deadEnds.isEmpty()) {
            message = "The execution ended without reaching a respond node: no path from the trigger stayed active";
        } else {
            int last = deadEnds.get(deadEnds.size() - 1);
            for (int n = last; n >= 0; n = reachedFrom[n]) {
                path.add(0, nodes.get(n).id());
            }
            message = "The execution ended at node '" + nodes.get(last).id() + "' without reaching a respond node (path: "
                    + String.join(" -> ", path) + ")";
        }
        ObjectNode body = errorBody("workflow.no-response", message, path.isEmpty() ? null : path.get(path.size() - 1));
        ObjectNode error = (ObjectNode) body.get("error");
        error.put("hint", "Make every path end in a respond or fail node.");
        ArrayNode pathNode = error.putArray("path");
        path.forEach(pathNode::add);
        return new ExecutionResult(500, Map.of(), body,
                trace(ExecutionStatus.FAILED, new ErrorInfo("workflow.no-response", message, "")));
    }

    private End.TimedOut workflowTimeout() {
        return new End.TimedOut("The workflow did not finish within its time limit of " + workflow.timeoutMs() + " ms");
    }

    private ObjectNode errorBody(String code, String message, String nodeId) {
        ObjectNode body = JSON.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (nodeId != null) {
            error.put("nodeId", nodeId);
        }
        error.put("executionId", executionId);
        return body;
    }

    private ExecutionTrace trace(ExecutionStatus status, ErrorInfo error) {
        List<NodeTrace> nodeTraces = new ArrayList<>(traces.size());
        for (PendingTrace t : traces) {
            String host = upstreamHosts.get(t.node().index());
            nodeTraces.add(new NodeTrace(t.node().id(), t.node().type(), t.status(), t.durationMicros(), t.outputBytes(),
                    t.error() == null ? null : redacted(t.error()), host == null ? null : redactor.redact(host),
                    upstreamStatuses.getOrDefault(t.node().index(), 0)));
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
        return new ExecutionTrace(executionId, workflow.releaseId(), workflow.workflowId(), workflow.version(), status,
                request.shadow(), startedAt, micros, nodeTraces, error == null ? null : redacted(error));
    }

    private void trace(CompiledNode node, NodeStatus status, long t0, long outputBytes, ErrorInfo error) {
        traces.add(new PendingTrace(node, status, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0), outputBytes, error));
    }

    private ErrorInfo redacted(ErrorInfo info) {
        if (redactor.isEmpty()) {
            return info;
        }
        return new ErrorInfo(info.type(), redactor.redact(info.message()), redactor.redact(info.stackTrace()));
    }

    private static ErrorInfo errorInfo(DomainException error) {
        return new ErrorInfo(error.code(), error.getMessage(), stackTrace(error));
    }

    private static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String s = text.toString();
        return s.length() <= MAX_STACK_TRACE ? s : s.substring(0, MAX_STACK_TRACE) + "\n\t...";
    }

    private static DomainException internal(CompiledNode node, Throwable error) {
        if (error instanceof InterruptedException) {
            return new NodeException("node.cancelled", 500, "Node '" + node.id() + "' was interrupted",
                    "No action needed: the execution had ended.", null, NodeStatus.FAILED, error);
        }
        return new DomainException("node.internal", 500,
                "Node '" + node.id() + "' (" + node.type() + ") failed unexpectedly: " + error,
                "This is a defect of the engine; report it with the execution id.", error);
    }

    private Map<String, Object> requestContext() {
        Map<String, Object> r = new HashMap<>(8);
        r.put("method", request.method());
        r.put("path", request.path());
        r.put("headers", request.headers());
        r.put("query", request.query());
        return r;
    }

    // ---- bookkeeping records -------------------------------------------------------------------

    private record Waiting(CompiledNode node, NodeAction.Await action) {
    }

    private record InFlight(CompiledNode node, Future<?> future, long startNanos, long deadlineNanos, long timeoutMs) {
    }

    private record Completion(CompiledNode node, Object output, Throwable error) {
    }

    private record PendingTrace(CompiledNode node, NodeStatus status, long durationMicros, long outputBytes, ErrorInfo error) {
    }

    private sealed interface End {
        record Answered(int status, Map<String, String> headers, Object body) implements End {
        }

        record Stopped(CompiledNode node, int status, String message) implements End {
        }

        record Failed(CompiledNode node, DomainException error) implements End {
        }

        record TimedOut(String message) implements End {
        }
    }

}
