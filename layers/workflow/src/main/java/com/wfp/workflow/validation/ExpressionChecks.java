package com.wfp.workflow.validation;

import com.wfp.workflow.model.Node;

import java.util.List;

/**
 * The {@code config.*} checks of expression-bearing fields: JSONata fields compile,
 * {@code {{ }}} templates parse, and URL templates are well formed once their expressions are
 * replaced by a placeholder. Each site is recorded in the context for the security checks.
 */
final class ExpressionChecks {

    private ExpressionChecks() {
    }

    /** A field that holds one JSONata expression. */
    static void jsonata(ValidationContext ctx, Node node, JsonPath path, String source) {
        CompileCache.ExpressionOutcome compiled = ctx.expression(source);
        ctx.addExpressionSite(new ValidationContext.ExpressionSite(node, path, List.of(source)));
        if (!compiled.ok()) {
            String at = at(compiled.errorPosition());
            ctx.findings().error("config.expression-syntax", node.id(), path,
                    "The expression does not parse" + at + ": " + compiled.errorMessage(),
                    "Correct the JSONata expression" + at + "; see https://docs.jsonata.org for the syntax.");
        }
    }

    /** A string that may embed {@code {{ expr }}} parts; returns its parse outcome (parts, or the error). */
    static CompileCache.TemplateOutcome template(ValidationContext ctx, Node node, JsonPath path, String source) {
        CompileCache.TemplateOutcome compiled = ctx.template(source);
        if (compiled.ok()) {
            List<String> sources = compiled.expressionSources();
            if (!sources.isEmpty()) {
                ctx.addExpressionSite(new ValidationContext.ExpressionSite(node, path, sources));
            }
            return compiled;
        }
        // Scan the raw text for $secret/$eval even though it does not parse.
        ctx.addExpressionSite(new ValidationContext.ExpressionSite(node, path, List.of(source)));
        String at = at(compiled.errorPosition());
        ctx.findings().error("config.template-syntax", node.id(), path,
                "The template does not parse" + at + ": " + compiled.errorMessage(),
                "Write each embedded expression as {{ expression }} with valid JSONata inside"
                        + " and close every '{{' with '}}'.");
        return null;
    }

    /** The url of an http.request node: a template whose static parts must form an http(s) URL. */
    static void url(ValidationContext ctx, Node node, JsonPath path, String source) {
        CompileCache.TemplateOutcome template = template(ctx, node, path, source);
        if (template == null) {
            return;
        }
        String flat = template.withPlaceholders(TargetUrl.PLACEHOLDER);
        TargetUrl target = TargetUrl.parse(flat);
        if (!target.wellFormed()) {
            ctx.findings().error("config.invalid-url", node.id(), path,
                    "The URL '" + TargetUrl.display(flat) + "' is malformed: " + target.problem(),
                    "Write a full URL such as https://api.example.com/orders/{{ input.id }};"
                            + " expressions may fill in the path and query.");
            return;
        }
        if (target.scheme() != null && !target.scheme().equals("https") && !target.scheme().equals("http")) {
            ctx.findings().error("config.url-scheme", node.id(), path,
                    "The URL uses the scheme '" + target.scheme() + "'; http.request only speaks https (or http)",
                    "Start the URL with https://.");
            return;
        }
        ctx.putTarget(node, target);
    }

    private static String at(int position) {
        return position >= 0 ? " at character " + position : "";
    }
}
