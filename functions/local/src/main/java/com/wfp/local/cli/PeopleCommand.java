package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code wfp people add|list}: the platform's people (the administrator's commands). */
@Command(name = "people", mixinStandardHelpOptions = true,
        description = "Add and list people (with the admin token).",
        subcommands = {PeopleCommand.Add.class, PeopleCommand.ListPeople.class})
final class PeopleCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a person and print their first personal access token once.")
    static final class Add extends ClientCommand {

        @Parameters(paramLabel = "ID", description = "The person's id, a slug such as 'ada'; also their user in paths.")
        String id;

        @Option(names = "--name", description = "A display name.")
        String name;

        @Override
        int run(PlatformClient platform) {
            var body = ReportJson.mapper().createObjectNode().put("id", id);
            if (name != null) {
                body.put("name", name);
            }
            JsonNode created = platform.post("/people", body, Map.of());
            return print(created, () -> {
                out.println("Person " + created.path("id").asText() + " added. Their first token (shown this once; hand it over"
                        + " safely; they log in with wfp login URL):");
                out.println();
                out.println("  " + created.path("token").path("token").asText());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every person.")
    static final class ListPeople extends ClientCommand {

        @Override
        int run(PlatformClient platform) {
            JsonNode people = platform.get("/people");
            return print(people, () -> {
                TextTable table = new TextTable("ID", "NAME", "ADDED");
                for (JsonNode p : people.path("people")) {
                    table.row(p.path("id").asText(), Printable.escape(p.path("name").asText()), p.path("createdAt").asText());
                }
                table.print(out);
            });
        }
    }
}
