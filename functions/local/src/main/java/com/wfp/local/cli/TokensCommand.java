package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code wfp tokens create|list|revoke}: your personal access tokens to the control API. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Create, list and revoke your personal access tokens (wfp_pat_...).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it once.")
    static final class Create extends ClientCommand {

        @Option(names = "--name", required = true, description = "Where it is used, such as 'laptop'.")
        String name;

        @Option(names = "--expires", description = "Lifetime such as 30d, 12h or 90m (default and most: 366d).")
        String expires;

        @Option(names = "--person", description = "For this person (the admin token only; default: you).")
        String person;

        @Override
        int run(PlatformClient platform) {
            var body = ReportJson.mapper().createObjectNode().put("name", name);
            if (expires != null) {
                body.put("expires", expires);
            }
            if (person != null) {
                body.put("person", person);
            }
            JsonNode created = platform.post("/tokens", body, Map.of());
            return print(created, () -> {
                out.println("Token " + created.path("id").asText() + " (" + Printable.escape(created.path("name").asText())
                        + ") for " + created.path("person").asText() + ", expires " + created.path("expiresAt").asText());
                out.println();
                out.println("  " + created.path("token").asText());
                out.println();
                out.println("Store it now: it is shown this once and kept only as a hash. Log in with it: wfp login URL");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Your tokens; never the tokens themselves.")
    static final class ListTokens extends ClientCommand {

        @Option(names = "--person", description = "This person's (the admin token only; default: you).")
        String person;

        @Override
        int run(PlatformClient platform) {
            JsonNode tokens = platform.get("/tokens" + (person == null ? ""
                    : "?person=" + java.net.URLEncoder.encode(person, java.nio.charset.StandardCharsets.UTF_8)));
            return print(tokens, () -> {
                TextTable table = new TextTable("ID", "NAME", "PERSON", "CREATED", "EXPIRES", "STATE");
                for (JsonNode t : tokens.path("tokens")) {
                    table.row(t.path("id").asText(), Printable.escape(t.path("name").asText()), t.path("person").asText(),
                            t.path("createdAt").asText(), t.path("expiresAt").asText("-"), t.path("state").asText());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token: refused from the next call on.")
    static final class Revoke extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The token's id, as wfp tokens list shows it.")
        String id;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(PlatformClient platform) {
            if (!confirmation.confirmed("Revoke token " + id, "wfp tokens revoke " + id, err)) {
                return FAILED;
            }
            JsonNode revoked = platform.delete("/tokens/" + id);
            out.println(json ? ReportJson.write(revoked) : "Token " + id + " revoked at " + revoked.path("revokedAt").asText());
            return OK;
        }
    }
}
