package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wfp members add|list|remove}: who holds which role on a project. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "Add, list and remove the members of a project (roles: owner, maintainer, developer, viewer).",
        subcommands = {MembersCommand.Add.class, MembersCommand.ListMembers.class, MembersCommand.Remove.class})
final class MembersCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Give a person a role on the project.")
    static final class Add extends ClientCommand {

        @Parameters(paramLabel = "PERSON", description = "The person's id.")
        String person;

        @Option(names = "--role", required = true, description = "owner, maintainer, developer or viewer.")
        String role;

        @Mixin
        ProjectOption.Required project = new ProjectOption.Required();

        @Override
        int run(PlatformClient platform) {
            JsonNode member = platform.put(project.apiPath() + "/members/" + person,
                    ReportJson.mapper().createObjectNode().put("role", role));
            return print(member, () -> {
                out.println(Printable.escape(member.path("person").asText()) + " is now " + member.path("role").asText()
                        + " of " + project.path());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The project's owner and members.")
    static final class ListMembers extends ClientCommand {

        @Mixin
        ProjectOption.Required project = new ProjectOption.Required();

        @Override
        int run(PlatformClient platform) {
            JsonNode members = platform.get(project.apiPath() + "/members");
            return print(members, () -> {
                TextTable table = new TextTable("PERSON", "ROLE", "ADDED BY", "SINCE");
                for (JsonNode m : members.path("members")) {
                    table.row(Printable.escape(m.path("person").asText()), m.path("role").asText(),
                            Printable.escape(m.path("addedBy").asText()), m.path("addedAt").asText());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Take a person's role on the project away.")
    static final class Remove extends ClientCommand {

        @Parameters(paramLabel = "PERSON", description = "The person's id.")
        String person;

        @Mixin
        ProjectOption.Required project = new ProjectOption.Required();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(PlatformClient platform) {
            if (!confirmation.confirmed("Remove " + person + " from " + project.path(), "wfp members remove " + person + " --project " + project.reference(), err)) {
                return FAILED;
            }
            JsonNode removed = platform.delete(project.apiPath() + "/members/" + person);
            out.println(json ? ReportJson.write(removed) : person + " is no longer a member of "
                    + project.path());
            return OK;
        }
    }
}
