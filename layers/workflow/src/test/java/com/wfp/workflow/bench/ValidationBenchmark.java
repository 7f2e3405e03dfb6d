package com.wfp.workflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.validation.ValidationReport;
import com.wfp.workflow.validation.WorkflowValidator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * How validation time grows with workflow size. Generates realistic workflows of 10, 100 and
 * 500 nodes (requests with headers, retries and secrets, transforms, conditions with a reject
 * branch, a trigger with an input schema and example), warms up, then validates each repeatedly
 * and prints the time per workflow and per node. The per-node cost at 500 nodes divided by the
 * per-node cost at 10 nodes is the baseline ratio: near 1 (or below, as fixed costs spread out)
 * means linear growth. Target: a 500-node workflow validates in under 50 ms.
 *
 * <p>Run: {@code ./wfp bench ValidationBenchmark}. Ends by itself in about 40 s.
 */
public final class ValidationBenchmark {

    private static final int[] SIZES = {10, 100, 500};
    private static final long WARMUP_NANOS = 6_000_000_000L;
    private static final long PHASE_NANOS_PER_SIZE = 4_000_000_000L;
    private static final int MAX_COLD_RUNS = 2_000;

    /** Timing of one workflow size in one phase. */
    private record Figures(int nodes, long runs, double msPerWorkflow, double cpuMsPerWorkflow, double worstMs) {
        double usPerNode() {
            return cpuMsPerWorkflow * 1000 / nodes;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ValidationBenchmark() {
    }

    public static void main(String[] args) {
        WorkflowParser parser = new WorkflowParser();
        WorkflowValidator validator = new WorkflowValidator();
        long salt = 1;

        // Warm up the JIT on all sizes, with new expressions every round so both paths get hot.
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < warmupEnd) {
            for (int size : SIZES) {
                validator.validate(parser.parseTree(generate(size, salt++)));
            }
        }

        System.out.println("Validation of realistic workflows, per validate call. CPU time is the thread's own;"
                + " wall time also counts waiting for a core on a shared machine.");
        System.out.println();
        System.out.println("revalidation: the same workflow again, as the designer does after each edit");
        Map<Integer, Figures> warm = new LinkedHashMap<>();
        for (int size : SIZES) {
            Workflow w = checkedClean(parser, size, salt++, validator);
            validator.validate(w);
            warm.put(size, measure(size, () -> w, validator, Long.MAX_VALUE));
        }
        print(warm);

        System.out.println();
        System.out.println("first validation: every node-specific expression is new to the validator");
        Map<Integer, Figures> cold = new LinkedHashMap<>();
        AtomicLong nextSalt = new AtomicLong(salt);
        for (int size : SIZES) {
            // Generating and parsing happen before the clock starts for each call.
            cold.put(size, measure(size, () -> checkedShape(parser, size, nextSalt.getAndIncrement()), validator,
                    MAX_COLD_RUNS));
        }
        print(cold);
    }

    private static Workflow checkedShape(WorkflowParser parser, int size, long salt) {
        Workflow w = parser.parseTree(generate(size, salt));
        if (w.nodes().size() != size) {
            throw new IllegalStateException("generated " + w.nodes().size() + " nodes instead of " + size);
        }
        return w;
    }

    private static Workflow checkedClean(WorkflowParser parser, int size, long salt, WorkflowValidator validator) {
        Workflow w = checkedShape(parser, size, salt);
        ValidationReport report = validator.validate(w);
        if (!report.findings().isEmpty()) {
            throw new IllegalStateException("the generated workflow is not clean: " + report.findings());
        }
        return w;
    }

    private static Figures measure(int size, Supplier<Workflow> workflows, WorkflowValidator validator, long maxRuns) {
        long budgetEnd = System.nanoTime() + PHASE_NANOS_PER_SIZE;
        long total = 0;
        long cpu = 0;
        long worst = 0;
        long runs = 0;
        int sink = 0;
        while (runs < maxRuns && System.nanoTime() < budgetEnd) {
            Workflow w = workflows.get();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += validator.validate(w).findings().size();
            long t = System.nanoTime() - t0;
            cpu += THREADS.getCurrentThreadCpuTime() - c0;
            total += t;
            worst = Math.max(worst, t);
            runs++;
        }
        if (sink != 0) {
            throw new IllegalStateException("generated workflows must validate clean");
        }
        return new Figures(size, runs, total / 1e6 / runs, cpu / 1e6 / runs, worst / 1e6);
    }

    private static void print(Map<Integer, Figures> figures) {
        System.out.printf("  %-6s %8s %12s %13s %13s %13s%n", "nodes", "runs", "cpu ms/wf", "cpu us/node", "wall ms/wf",
                "worst wall ms");
        for (Figures f : figures.values()) {
            System.out.printf("  %-6d %8d %12.3f %13.2f %13.3f %13.3f%n", f.nodes(), f.runs(), f.cpuMsPerWorkflow(),
                    f.usPerNode(), f.msPerWorkflow(), f.worstMs());
        }
        double ratio = figures.get(500).usPerNode() / figures.get(10).usPerNode();
        System.out.printf("  per-node CPU cost, 500 vs 10 nodes: %.2f (1.0 = linear growth)%n", ratio);
        System.out.printf("  500 nodes: %.2f ms CPU, %.2f ms wall per workflow (target < 50 ms)%n",
                figures.get(500).cpuMsPerWorkflow(), figures.get(500).msPerWorkflow());
    }

    /** A clean workflow of exactly {@code size} nodes (size >= 6). */
    static ObjectNode generate(int size, long salt) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = json.createObjectNode();
        doc.put("format", 1);
        doc.put("id", "bench-" + size);
        doc.put("name", "Benchmark workflow of " + size + " nodes");
        ArrayNode nodes = doc.putArray("nodes");
        ArrayNode edges = doc.putArray("edges");
        ObjectNode trigger = node(nodes, "in", "trigger.http");
        ObjectNode tc = trigger.putObject("config");
        tc.put("method", "POST").put("auth", "apiKey");
        ObjectNode schema = tc.putObject("inputSchema");
        schema.put("type", "object");
        schema.putArray("required").add("orderId").add("total");
        ObjectNode props = schema.putObject("properties");
        props.putObject("orderId").put("type", "string");
        props.putObject("total").put("type", "number").put("minimum", 0);
        props.putObject("customerId").put("type", "string");
        tc.putObject("example").put("orderId", "A-1").put("total", 120).put("customerId", "C-7");

        ObjectNode failNode = node(nodes, "upstream-failed", "fail");
        failNode.putObject("config").put("status", 502).put("message", "Upstream failed for order {{ input.orderId }}");

        String previous = "in";
        String previousBranch = null;
        int segment = 0;
        // Each segment: request -> transform -> condition (false -> reject respond, true -> next segment).
        while (nodes.size() + 4 <= size - 1) {
            String fetch = "fetch-" + segment;
            ObjectNode request = node(nodes, fetch, "http.request");
            ObjectNode rc = request.putObject("config");
            rc.put("method", "POST");
            rc.put("url", "https://api" + (segment % 7) + ".example.com/v1/orders/{{ input.orderId }}/step/" + segment
                    + "?run={{ " + salt + " }}");
            rc.putObject("headers")
                    .put("Authorization", "Bearer {{ $secret('api') }}")
                    .put("Content-Type", "application/json")
                    .put("X-Request-Id", "{{ input.orderId }}-" + segment);
            rc.putObject("body").put("order", "{{ input.orderId }}").put("total", "{{ input.total }}")
                    .put("step", "step " + segment);
            rc.put("timeoutMs", 3000);
            rc.putObject("retry").put("maxAttempts", 3).put("backoffMs", 200);
            edge(edges, previous, fetch, previousBranch);
            edge(edges, fetch, "upstream-failed", "error");

            String shape = "shape-" + segment;
            node(nodes, shape, "transform").putObject("config").put("expression",
                    "{ 'orderId': input.orderId, 'score" + segment + "': nodes.`" + fetch + "`.body.score * " + (segment + 1)
                            + ", 'tier': nodes.`" + fetch + "`.body.tier, 'run': " + salt + " }");
            edge(edges, fetch, shape, null);

            String check = "check-" + segment;
            node(nodes, check, "condition").putObject("config").put("expression",
                    "nodes.`" + shape + "`.score" + segment + " > " + (segment * 10) + " and input.total < " + (10000 + salt));
            edge(edges, shape, check, null);

            String reject = "reject-" + segment;
            node(nodes, reject, "respond").putObject("config").put("status", 200)
                    .put("body", "{ 'orderId': input.orderId, 'accepted': false, 'stage': " + segment + ", 'run': " + salt + " }");
            edge(edges, check, reject, "false");

            previous = check;
            previousBranch = "true";
            segment++;
        }
        int pad = 0;
        while (nodes.size() < size - 1) {
            String id = "pad-" + pad++;
            node(nodes, id, "transform").putObject("config").put("expression", "$merge([input, { 'pad': " + pad + ", 'run': " + salt + " }])");
            edge(edges, previous, id, previousBranch);
            previous = id;
            previousBranch = null;
        }
        node(nodes, "accepted", "respond").putObject("config").put("status", 200)
                .put("body", "{ 'orderId': input.orderId, 'accepted': true, 'run': " + salt + " }");
        edge(edges, previous, "accepted", previousBranch);
        doc.putArray("credentials").addObject().put("name", "api").put("type", "bearer");
        doc.putObject("settings").put("timeoutMs", 60000);
        return doc;
    }

    private static ObjectNode node(ArrayNode nodes, String id, String type) {
        ObjectNode n = nodes.addObject();
        n.put("id", id);
        n.put("type", type);
        return n;
    }

    private static void edge(ArrayNode edges, String from, String to, String branch) {
        ObjectNode e = edges.addObject();
        e.put("from", from);
        e.put("to", to);
        if (branch != null) {
            e.put("branch", branch);
        }
    }
}
