package com.wfp.workflow.validation;

import com.wfp.workflow.model.Workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * Validates a parsed workflow against the rules of the format: graph shape ({@code graph.*}),
 * node configuration ({@code config.*}) and security ({@code security.*}), plus an optional live
 * probe of the request targets. The codes, their severities and meanings are listed in
 * {@code samples/workflows/README.md}.
 *
 * <p>Validation never throws for a workflow the parser accepted, however malformed its graph or
 * config; every problem is a {@link Finding}. The report is deterministic: the same workflow (or
 * one that differs only in JSON key order) gives an equal report. Without the probe the cost is
 * linear in the size of the document. Instances are immutable and thread-safe.
 */
public final class WorkflowValidator {

    private final GraphChecks graphChecks = new GraphChecks();
    private final ConfigChecks configChecks = new ConfigChecks();
    private final SecurityChecks securityChecks = new SecurityChecks();
    private final ProbeChecks probeChecks;
    private final CompileCache compileCache = CompileCache.SHARED;

    /** A validator whose probe (when asked for) uses the JDK's DNS and TLS, contacting public addresses only. */
    public WorkflowValidator() {
        this(new JdkHostProbe());
    }

    /** A validator with its own probe implementation, for example one that may contact a test listener. */
    public WorkflowValidator(HostProbe probe) {
        this(probe, ProbeChecks.STEP_TIMEOUT, ProbeChecks.TOTAL_TIMEOUT);
    }

    /** With shorter probe timeouts, so tests of slow and silent hosts finish quickly. */
    WorkflowValidator(HostProbe probe, Duration stepTimeout, Duration totalTimeout) {
        this.probeChecks = new ProbeChecks(Objects.requireNonNull(probe, "probe"), stepTimeout, totalTimeout);
    }

    public ValidationReport validate(Workflow workflow) {
        return validate(workflow, ValidationOptions.DEFAULT);
    }

    public ValidationReport validate(Workflow workflow, ValidationOptions options) {
        Objects.requireNonNull(workflow, "workflow");
        ValidationContext ctx = new ValidationContext(workflow, options, compileCache);
        // Config first: it compiles expressions and parses URLs that the security checks read.
        configChecks.run(ctx);
        graphChecks.run(ctx);
        securityChecks.run(ctx);
        if (ctx.options().probe()) {
            probeChecks.run(ctx);
        }
        return ValidationReport.of(ctx.findings().sorted());
    }
}
