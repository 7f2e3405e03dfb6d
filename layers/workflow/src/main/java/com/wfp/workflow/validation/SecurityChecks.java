package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.model.Credential;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.net.AddressClass;
import com.wfp.workflow.net.HostAddresses;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code security.*}: request targets (plain http, internal and metadata addresses in any
 * spelling), secrets (literal ones through {@link LiteralSecretScanner}, undeclared and unused
 * {@code $secret} names), trigger authentication, and dynamic evaluation.
 */
final class SecurityChecks {

    private static final Pattern SECRET_CALL = Pattern.compile("\\$secret\\s*\\(");
    private static final Pattern SECRET_LITERAL_ARGUMENT = Pattern.compile("\\s*(['\"])([^'\"]*)\\1\\s*\\)");
    private static final Pattern EVAL = Pattern.compile("\\$eval\\b");

    private final LiteralSecretScanner literalSecrets = new LiteralSecretScanner();

    void run(ValidationContext ctx) {
        for (Node node : ctx.nodes()) {
            Optional<NodeType> type = ValidationContext.typeOf(node);
            if (type.isEmpty()) {
                continue;
            }
            if (type.get() == NodeType.HTTP_REQUEST) {
                ctx.target(node).ifPresent(t -> checkTarget(ctx, node, t));
            } else if (type.get() == NodeType.TRIGGER_HTTP) {
                JsonNode auth = ValidationContext.configOf(node).get("auth");
                if (auth != null && "none".equals(auth.asText(null))) {
                    ctx.findings().warning("security.auth-none", node.id(), ValidationContext.pathOf(node).keys("config", "auth"),
                            "The trigger '" + node.id() + "' accepts calls without authentication: anyone who knows"
                                    + " the production URL can run the workflow",
                            "Set \"auth\": \"apiKey\" (or \"token\") unless the workflow is meant to be public.");
                }
            }
        }
        checkExpressions(ctx);
        literalSecrets.scan(ctx);
    }

    private static void checkTarget(ValidationContext ctx, Node node, TargetUrl target) {
        JsonPath urlPath = ValidationContext.pathOf(node).keys("config", "url");
        FindingCollector out = ctx.findings();
        if (target.dynamic()) {
            out.warning("security.dynamic-host", node.id(), urlPath,
                    "The request's host comes from an expression, so it cannot be checked before the workflow runs",
                    "Write the host literally (https://api.example.com/...) and let expressions fill in only the"
                            + " path and query; a host taken from the input lets callers choose what the platform calls.");
            return;
        }
        if ("http".equals(target.scheme())) {
            JsonNode allow = ValidationContext.configOf(node).get("allowInsecureHttp");
            boolean allowed = allow != null && allow.isBoolean() && allow.booleanValue();
            String message = "The request to '" + target.host() + "' uses plain http://, so data and credentials"
                    + " travel unencrypted" + (allowed ? " (allowed by allowInsecureHttp)" : "");
            String hint = "Use https://" + (allowed ? "." : "; if the service only speaks http, set"
                    + " \"allowInsecureHttp\": true to accept the risk explicitly.");
            out.add("security.insecure-http", allowed ? Severity.WARNING : Severity.ERROR, node.id(), urlPath, message, hint);
        }
        String host = target.bareHost();
        Optional<AddressClass> cls = HostAddresses.classifyLiteral(host);
        if (cls.isEmpty() || cls.get().isPublic()) {
            return;
        }
        String decoded = HostAddresses.parseLiteral(host)
                .map(a -> a.getHostAddress())
                .filter(a -> !a.equalsIgnoreCase(host))
                .map(a -> " (" + a + ")")
                .orElse("");
        out.error(targetCode(cls.get()), node.id(), urlPath,
                "The request targets '" + target.host() + "'" + decoded + ", which is " + cls.get().description()
                        + "; a production workflow may only call public services",
                "Call the service by its public https host name. Internal and metadata addresses are blocked"
                        + " to prevent server-side request forgery.");
    }

    static String targetCode(AddressClass cls) {
        return switch (cls) {
            case LOOPBACK -> "security.loopback-target";
            case PRIVATE -> "security.private-target";
            case LINK_LOCAL -> "security.link-local-target";
            case METADATA -> "security.metadata-target";
            case UNSPECIFIED -> "security.unspecified-target";
            case MULTICAST, RESERVED, PUBLIC -> "security.reserved-target";
        };
    }

    private static void checkExpressions(ValidationContext ctx) {
        Set<String> declared = new HashSet<>();
        for (Credential c : ctx.workflow().credentials()) {
            declared.add(c.name());
        }
        Set<String> used = new HashSet<>();
        FindingCollector out = ctx.findings();
        for (ValidationContext.ExpressionSite site : ctx.expressionSites()) {
            String nodeId = site.node() == null ? null : site.node().id();
            for (String source : site.expressionSources()) {
                if (EVAL.matcher(source).find()) {
                    out.error("security.dynamic-eval", nodeId, site.path(),
                            "The expression calls $eval, which runs text as code: input data could inject expressions",
                            "Replace $eval with the expression itself; compute values with ordinary JSONata.");
                }
                if (!source.contains("$secret")) {
                    continue;
                }
                Matcher call = SECRET_CALL.matcher(source);
                while (call.find()) {
                    Matcher arg = SECRET_LITERAL_ARGUMENT.matcher(source).region(call.end(), source.length());
                    if (!arg.lookingAt()) {
                        out.error("security.dynamic-secret-name", nodeId, site.path(),
                                "$secret is called with a computed name; only a literal name such as $secret('crm')"
                                        + " can be checked against the declared credentials",
                                "Write the credential name as a quoted literal: $secret('name').");
                        continue;
                    }
                    String name = arg.group(2);
                    used.add(name);
                    if (!declared.contains(name)) {
                        out.error("security.undeclared-secret", nodeId, site.path(),
                                "$secret('" + name + "') reads a credential that the workflow does not declare",
                                "Add {\"name\": \"" + name + "\", \"type\": \"bearer\"} (or the right type) to"
                                        + " \"credentials\", or correct the name.");
                    }
                }
            }
        }
        for (Credential c : ctx.workflow().credentials()) {
            if (c.name() != null && !used.contains(c.name())) {
                out.warning("security.unused-credential", null, JsonPath.credential(c.index()).key("name"),
                        "The credential '" + c.name() + "' is declared but no expression reads it",
                        "Remove it from \"credentials\", or read it with {{ $secret('" + c.name() + "') }}.");
            }
        }
    }
}
