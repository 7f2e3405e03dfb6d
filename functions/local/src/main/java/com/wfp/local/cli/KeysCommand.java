package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * {@code wfp keys create|list|revoke|rotate}: the API keys production calls present. A key is
 * printed once, when created or rotated; listings never show it.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list, revoke and rotate the API keys that call production URLs.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
                KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static void printCreated(JsonNode created, java.io.PrintStream out) {
        out.println("API key " + created.path("id").asText() + " (" + created.path("name").asText() + ") for "
                + scope(created));
        out.println();
        out.println("  " + created.path("key").asText());
        out.println();
        out.println("Store it now: it is shown this once and kept only as a hash.");
        out.println("Call with:  curl -H 'X-Api-Key: <key>' ...");
    }

    static String scope(JsonNode key) {
        StringBuilder scope = new StringBuilder(key.path("project").asText());
        if (!key.path("workflow").isNull() && !key.path("workflow").isMissingNode()) {
            scope.append('/').append(key.path("workflow").asText());
        }
        if (!key.path("version").isNull() && !key.path("version").isMissingNode()) {
            scope.append('@').append(key.path("version").asText());
        }
        StringBuilder permissions = new StringBuilder();
        key.path("permissions").forEach(p -> permissions.append(permissions.isEmpty() ? "" : ",").append(p.asText()));
        return scope.append(' ').append(permissions).toString();
    }

    private static String orDash(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }

    @Command(name = "create", mixinStandardHelpOptions = false,
            description = "Create an API key and print it once.")
    static final class Create extends ClientCommand {

        @Mixin
        ProjectOption.Required project = new ProjectOption.Required();

        @Option(names = "--workflow", description = "Only this workflow of the project.")
        String workflow;

        // Not the standard help mixin: its -V/--version would take this command's own --version.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", description = "Only this version of the workflow (needs --workflow).")
        String version;

        @Option(names = "--expires", description = "Lifetime such as 30d, 12h or 90m (default: no expiry).")
        String expires;

        @Option(names = "--rate", description = "Calls per second allowed, as N/s (default: no limit).")
        String rate;

        @Option(names = "--permissions", defaultValue = "invoke",
                description = "invoke, read or invoke,read (default: invoke).")
        String permissions;

        @Option(names = "--test", description = "Make a wfp_test_ key instead of a wfp_live_ one.")
        boolean test;

        @Option(names = "--name", required = true, description = "What the key is for, such as 'orders CI'.")
        String name;

        @Override
        int run(PlatformClient platform) {
            ObjectNode body = ReportJson.mapper().createObjectNode().put("name", name)
                    .put("environment", test ? "test" : "live");
            if (workflow != null) {
                body.put("workflow", workflow);
            }
            if (version != null) {
                body.put("version", version);
            }
            if (expires != null) {
                body.put("expires", expires);
            }
            if (rate != null) {
                body.put("rate", perSecond(rate));
            }
            var list = body.putArray("permissions");
            for (String permission : permissions.split(",")) {
                list.add(permission.strip());
            }
            JsonNode created = platform.post(project.apiPath() + "/keys", body, Map.of());
            return print(created, () -> printCreated(created, out));
        }

        private static int perSecond(String rate) {
            String number = rate.strip().endsWith("/s") ? rate.strip().substring(0, rate.strip().length() - 2) : rate;
            try {
                return Integer.parseInt(number.strip());
            } catch (NumberFormatException e) {
                throw new PlatformClient.ApiError(400, "cli.invalid-rate", "'" + rate + "' is not a rate",
                        "Give the rate as N/s, such as --rate 10/s.");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a project's API keys (never the keys themselves).")
    static final class ListKeys extends ClientCommand {

        @Mixin
        ProjectOption project = new ProjectOption();

        @Override
        int run(PlatformClient platform) {
            JsonNode keys = platform.get(project.apiPath() + "/keys");
            return print(keys, () -> {
                TextTable table = new TextTable("ID", "NAME", "SCOPE", "RATE", "EXPIRES", "LAST USED", "STATE");
                for (JsonNode key : keys.path("keys")) {
                    String state = !key.path("revokedAt").isNull() ? "revoked"
                            : !key.path("replacedBy").isNull() ? "rotated to " + key.path("replacedBy").asText() : "active";
                    table.row(key.path("id").asText(), key.path("name").asText(), scope(key),
                            key.path("ratePerSecond").asInt() == 0 ? "-" : key.path("ratePerSecond").asInt() + "/s",
                            orDash(key.get("expiresAt")), orDash(key.get("lastUsedAt")), state);
                }
                table.print(out);
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API key: refused from the next call on.")
    static final class Revoke extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The key's id, as `wfp keys list` shows it.")
        String id;

        @Mixin
        ProjectOption project = new ProjectOption();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(PlatformClient platform) {
            if (!confirmation.confirmed("Revoke API key " + id + " of " + project.path(), "wfp keys revoke " + id + " --project " + project.reference(), err)) {
                return FAILED;
            }
            JsonNode revoked = platform.delete(project.apiPath() + "/keys/" + id);
            return print(revoked, () -> {
                out.println("Revoked " + revoked.path("id").asText() + " (" + revoked.path("name").asText()
                        + ") at " + revoked.path("revokedAt").asText());
            });
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Replace an API key; the old one keeps working for the overlap, then stops.")
    static final class Rotate extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The key's id, as `wfp keys list` shows it.")
        String id;

        @Mixin
        ProjectOption project = new ProjectOption();

        @Option(names = "--overlap", description = "How long the old key keeps working, such as 24h (default 24h, at most 7d).")
        String overlap;

        @Override
        int run(PlatformClient platform) {
            ObjectNode body = ReportJson.mapper().createObjectNode();
            if (overlap != null) {
                body.put("overlap", overlap);
            }
            JsonNode created = platform.post(project.apiPath() + "/keys/" + id + "/rotate", body,
                    Map.of());
            return print(created, () -> {
                printCreated(created, out);
                out.println("The old key " + id + " works until the overlap ends.");
            });
        }
    }
}
