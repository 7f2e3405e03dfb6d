package com.wfp.workflow.validation;

import com.wfp.workflow.expression.Expression;
import com.wfp.workflow.expression.ExpressionSyntaxException;
import com.wfp.workflow.expression.Template;
import com.wfp.workflow.model.Node;

import java.util.ArrayList;
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
        ValidationContext.Compiled<Expression> compiled = ctx.expression(source);
        ctx.addExpressionSite(new ValidationContext.ExpressionSite(node, path, List.of(source)));
        if (!compiled.ok()) {
            ExpressionSyntaxException e = compiled.error();
            ctx.findings().error("config.expression-syntax", node.id(), path,
                    "The expression does not parse" + at(e) + ": " + e.getMessage(),
                    "Correct the JSONata expression" + at(e) + "; see https://docs.jsonata.org for the syntax.");
        }
    }

    /** A string that may embed {@code {{ expr }}} parts; returns the template when it parses. */
    static Template template(ValidationContext ctx, Node node, JsonPath path, String source) {
        if (!Template.hasExpressions(source)) {
            return ctx.template(source).value();
        }
        ValidationContext.Compiled<Template> compiled = ctx.template(source);
        if (compiled.ok()) {
            List<String> sources = new ArrayList<>();
            for (Template.Part part : compiled.value().parts()) {
                if (part.isExpression()) {
                    sources.add(part.expression().source());
                }
            }
            ctx.addExpressionSite(new ValidationContext.ExpressionSite(node, path, sources));
            return compiled.value();
        }
        // Scan the raw text for $secret/$eval even though it does not parse.
        ctx.addExpressionSite(new ValidationContext.ExpressionSite(node, path, List.of(source)));
        ExpressionSyntaxException e = compiled.error();
        ctx.findings().error("config.template-syntax", node.id(), path,
                "The template does not parse" + at(e) + ": " + e.getMessage(),
                "Write each embedded expression as {{ expression }} with valid JSONata inside"
                        + " and close every '{{' with '}}'.");
        return null;
    }

    /** The url of an http.request node: a template whose static parts must form an http(s) URL. */
    static void url(ValidationContext ctx, Node node, JsonPath path, String source) {
        Template template = template(ctx, node, path, source);
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

    private static String at(ExpressionSyntaxException e) {
        return e.position() >= 0 ? " at character " + e.position() : "";
    }
}
