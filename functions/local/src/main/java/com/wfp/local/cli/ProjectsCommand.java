package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code wfp projects [create NAME]}: the projects the caller can read, with their role; or a new one. */
@Command(name = "projects", mixinStandardHelpOptions = true,
        description = "List the projects you can read, with your role on each.",
        subcommands = ProjectsCommand.Create.class)
final class ProjectsCommand extends ClientCommand {

    @Override
    int run(PlatformClient platform) {
        JsonNode projects = platform.get("/projects");
        return print(projects, () -> {
            TextTable table = new TextTable("PROJECT", "OWNER", "YOUR ROLE", "CREATED");
            for (JsonNode p : projects.path("projects")) {
                table.row(p.path("user").asText() + "/" + p.path("project").asText(), p.path("owner").asText(),
                        p.path("role").asText(), p.path("createdAt").asText());
            }
            table.print(out);
        });
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a project under your own id.")
    static final class Create extends ClientCommand {

        @Parameters(paramLabel = "NAME", description = "The project's slug, such as 'shop'.")
        String name;

        @Option(names = "--user", description = "The owner (the admin token only; default: you).")
        String user;

        @Override
        int run(PlatformClient platform) {
            var body = ReportJson.mapper().createObjectNode().put("name", name);
            if (user != null) {
                body.put("user", user);
            }
            JsonNode created = platform.post("/projects", body, Map.of());
            return print(created, () -> {
                out.println("Project " + created.path("user").asText() + "/" + created.path("project").asText()
                        + " created; you own it. Add people with: wfp members add PERSON --role developer --project "
                        + created.path("user").asText() + "/" + created.path("project").asText());
            });
        }
    }
}
