/**
 * Execution of format-1 workflows.
 *
 * <p>{@link com.wfp.workflow.engine.WorkflowEngine#prepare} compiles a release once;
 * {@link com.wfp.workflow.engine.WorkflowEngine#execute} runs it per request and returns an
 * {@link com.wfp.workflow.engine.ExecutionResult} (status, headers, JSON body, trace).
 *
 * <h2>Expressions</h2>
 * JSONata, evaluated against {@code { input, request: {method, path, headers, query}, nodes: {<id>: output} }}.
 * {@code $secret('name')} reads a declared credential from the {@link com.wfp.workflow.engine.SecretProvider};
 * every value read is replaced by {@code ***} in error messages and traces.
 *
 * <h2>Node outputs ({@code nodes.<id>})</h2>
 * <ul>
 *   <li>{@code trigger.http}: the input (after the inputSchema check; a violation answers 400
 *       {@code input.invalid} with {@code violations: [{path, message}]} before any node runs)</li>
 *   <li>{@code transform}: the expression's value</li>
 *   <li>{@code condition}: the boolean; follows branch {@code true} or {@code false}</li>
 *   <li>{@code switch}: the expression's value; follows the case equal to it (as text), else {@code default}</li>
 *   <li>{@code http.request}: {@code {status, headers, body}} (body parsed when the content type is JSON)</li>
 *   <li>{@code delay}: {@code {delayedMs}}</li>
 *   <li>{@code merge}: the outputs of its active predecessors by node id</li>
 * </ul>
 * A failed node with an {@code error} edge outputs {@code {error: {code, message}}} (plus
 * {@code status, headers, body} for an {@code http.request} that got a non-2xx answer) and follows
 * its error edges; without one the execution fails with the error's status (500 for expression
 * and configuration errors, 502 for upstream failures, 504 for timeouts).
 *
 * <h2>Answers</h2>
 * The first {@code respond} reached answers (remaining work is cancelled); {@code fail} answers its
 * status with {@code {error: {code: "workflow.failed", message}}}; the workflow timeout answers 504
 * {@code workflow.timeout}; ending without either answers 500 {@code workflow.no-response} with the
 * path that ended. Every error body is {@code {error: {code, message, nodeId?, executionId, ...}}}.
 */
package com.wfp.workflow.engine;
