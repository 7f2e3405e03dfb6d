package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.expression.ExpressionEvaluator;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.net.http.GuardedHttpClient;
import com.wfp.workflow.net.http.Resolver;

import javax.net.ssl.SSLContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs format-1 workflows. {@link #prepare} compiles a release once (expressions, templates,
 * input schema, graph); {@link #execute} runs it for one request and always returns a result with
 * a status and a trace, whatever the workflow does. Thread-safe: one engine serves a whole pod.
 *
 * <p>Blocking node work runs on virtual threads; everything else runs on the caller's thread.
 */
public final class WorkflowEngine {

    private final EngineSettings settings;
    private final SecretProvider secrets;
    private final ExpressionEvaluator evaluator;
    private final GuardedHttpClient http;
    private final WorkflowCompiler compiler;
    private final ExecutorService workers;

    /** An engine with the system DNS resolver and the JDK's default TLS trust. */
    public WorkflowEngine(EngineSettings settings, SecretProvider secrets) {
        this(settings, secrets, Resolver.system(), defaultTls());
    }

    /**
     * An engine whose {@code http.request} nodes resolve names through {@code resolver} and trust
     * what {@code tls} trusts (tests use a stub resolver and a self-signed certificate).
     */
    public WorkflowEngine(EngineSettings settings, SecretProvider secrets, Resolver resolver, SSLContext tls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.evaluator = new ExpressionEvaluator(settings.expressionTimeoutMs(), settings.expressionMaxDepth());
        this.http = new GuardedHttpClient(resolver, tls, settings.allowedPrivateHosts(), settings.maxResponseBytes(),
                settings.maxRedirects());
        this.compiler = new WorkflowCompiler(settings);
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("wfp-node-", 0).factory());
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Compiles a release for execution.
     *
     * @throws DomainException 422 ({@code release.not-runnable}) naming the node when the release cannot run
     */
    public ExecutableWorkflow prepare(Workflow workflow, String releaseId, String version) {
        Objects.requireNonNull(workflow, "workflow");
        return compiler.compile(workflow, releaseId, version);
    }

    /**
     * Executes a prepared release for one request. Never throws for anything the workflow or its
     * input does: the result carries the HTTP status, headers, body and the trace.
     */
    public ExecutionResult execute(ExecutableWorkflow workflow, ExecutionRequest request) {
        return execute(workflow, request, null);
    }

    /**
     * As {@link #execute(ExecutableWorkflow, ExecutionRequest)}, reading {@code $secret} from the
     * release's own secrets first (those the platform handed over with the release), then from the
     * engine's provider.
     */
    public ExecutionResult execute(ExecutableWorkflow workflow, ExecutionRequest request, SecretProvider releaseSecrets) {
        SecretProvider secrets = releaseSecrets == null ? this.secrets
                : name -> releaseSecrets.secret(name).or(() -> this.secrets.secret(name));
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(request, "request");
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        Execution execution = null;
        try {
            execution = new Execution(workflow, request, settings, evaluator, http, workers, secrets);
            return execution.run();
        } catch (RuntimeException | StackOverflowError e) {
            // A defect of the engine must still give the caller an answer and the operator a trace.
            String executionId = request.executionId() == null ? UUID.randomUUID().toString() : request.executionId();
            String message = "The engine failed while running the workflow: " + e.getClass().getSimpleName();
            StringWriter stackText = new StringWriter();
            e.printStackTrace(new PrintWriter(stackText));
            String stack = execution == null ? stackText.toString() : execution.redact(stackText.toString());
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ObjectNode error = body.putObject("error");
            error.put("code", "engine.internal");
            error.put("message", message);
            error.put("executionId", executionId);
            ExecutionTrace trace = new ExecutionTrace(executionId, workflow.releaseId(), workflow.workflowId(),
                    workflow.version(), ExecutionStatus.FAILED, request.shadow(), startedAt,
                    (System.nanoTime() - t0) / 1_000, List.of(), new ErrorInfo("engine.internal", message, stack));
            return new ExecutionResult(500, Map.of(), body, trace);
        }
    }

    /**
     * The masking of one execution's input, for what is stored about it when it fails: the input
     * with the workflow's sensitive fields and its credentials' values masked.
     */
    public InputMasking masking(ExecutableWorkflow workflow, JsonNode input) {
        return InputMasking.of(workflow, input, secrets);
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK provides no default TLS context", e);
        }
    }
}
