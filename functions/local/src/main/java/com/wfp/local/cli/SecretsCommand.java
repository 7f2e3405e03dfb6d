package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code wfp secrets set|list|delete}: the secrets a project's workflows read with
 * {@code $secret('name')}. A value is read from stdin or a hidden prompt, never from the command
 * line (where {@code ps} and shell history would keep it), and never printed.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "Set, list and delete a project's secrets (values never shown).",
        subcommands = {SecretsCommand.Set.class, SecretsCommand.ListSecrets.class, SecretsCommand.Delete.class})
final class SecretsCommand implements Runnable {

    /** The longest value read from stdin, in bytes: a little over what the platform keeps. */
    private static final int MAX_INPUT_BYTES = 65_536;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    private static String secretsPath(ProjectOption project) {
        return project.apiPath() + "/secrets";
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set a secret; the value is read from stdin (or a hidden prompt at a terminal).")
    static final class Set extends ClientCommand {

        @Parameters(paramLabel = "NAME", description = "The credential name the workflow declares, as in $secret('NAME').")
        String name;

        @Mixin
        ProjectOption project = new ProjectOption();

        InputStream in = System.in;
        Console console = System.console();

        @Override
        int run(PlatformClient platform) {
            String value = readValue();
            if (value.isEmpty()) {
                throw new PlatformClient.ApiError(400, "cli.secret-empty", "No value for " + name
                        + " was read from stdin or the prompt", "Pipe the value in: printf '%s' \"$VALUE\" | wfp secrets set "
                        + name + " (or run it at a terminal to be asked).");
            }
            JsonNode set = platform.put(secretsPath(project) + "/" + name,
                    ReportJson.mapper().createObjectNode().put("value", value));
            return print(set, () -> {
                out.println("Set secret " + set.path("name").asText() + " of " + set.path("project").asText()
                        + " at " + set.path("updatedAt").asText());
                out.println("Releases that declare it receive it from their next load (publish, rollback or pod restart).");
            });
        }

        private String readValue() {
            if (atTerminal(console)) {
                char[] typed = console.readPassword("Value of %s (not shown): ", name);
                return typed == null ? "" : new String(typed);
            }
            try {
                byte[] bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
                if (bytes.length > MAX_INPUT_BYTES) {
                    throw new PlatformClient.ApiError(400, "cli.secret-too-long",
                            "The value on stdin is longer than " + MAX_INPUT_BYTES + " bytes", "Store a shorter value.");
                }
                String value = new String(bytes, StandardCharsets.UTF_8);
                // echo and heredocs end with a newline that is no part of the secret.
                return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                        : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            } catch (IOException e) {
                throw new PlatformClient.ApiError(400, "cli.secret-unreadable", "The value could not be read from stdin: "
                        + e.getMessage(), "Pipe the value in: printf '%s' \"$VALUE\" | wfp secrets set " + name);
            }
        }
    }

    /**
     * Whether a person types at the console. Java 21 gives no console when stdin is redirected; newer
     * runtimes give one anyway and say through {@code isTerminal()} (not in the API this compiles for).
     */
    static boolean atTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderRuntime) {
            return true;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a project's secrets by name (never their values).")
    static final class ListSecrets extends ClientCommand {

        @Mixin
        ProjectOption project = new ProjectOption();

        @Override
        int run(PlatformClient platform) {
            JsonNode secrets = platform.get(secretsPath(project));
            return print(secrets, () -> {
                TextTable table = new TextTable("NAME", "UPDATED");
                for (JsonNode secret : secrets.path("secrets")) {
                    table.row(secret.path("name").asText(), secret.path("updatedAt").asText());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a secret; releases already loaded keep it until their next load.")
    static final class Delete extends ClientCommand {

        @Parameters(paramLabel = "NAME", description = "The secret's name.")
        String name;

        @Mixin
        ProjectOption project = new ProjectOption();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(PlatformClient platform) {
            if (!confirmation.confirmed("Delete secret " + name + " of " + project.path(), "wfp secrets delete " + name + " --project " + project.reference(), err)) {
                return FAILED;
            }
            JsonNode deleted = platform.delete(secretsPath(project) + "/" + name);
            return print(deleted, () -> {
                out.println("Deleted secret " + deleted.path("name").asText() + " of " + deleted.path("project").asText());
            });
        }
    }
}
