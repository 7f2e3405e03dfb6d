package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code wfp notify add webhook URL|list|remove ID|deliveries [--project P | --platform]}: where
 * alerts and deployments' ends are sent. A project's channels get its workflows' events; the
 * platform-wide ones (the administrator's) every project's. A webhook's signing secret is printed
 * once, when it is added.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Notification channels: signed webhooks that get alerts and every deployment's end.",
        subcommands = {NotifyCommand.Add.class, NotifyCommand.ListChannels.class, NotifyCommand.Remove.class,
                NotifyCommand.Deliveries.class})
final class NotifyCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Which channels a subcommand works on: a project's (the default, local/default) or the platform-wide ones. */
    static final class Scope {

        @Mixin
        ProjectOption project = new ProjectOption();

        @picocli.CommandLine.Option(names = "--platform",
                description = "The platform-wide channels, which get every project's events (administrator only).")
        boolean platform;

        String path(String rest) {
            return platform ? rest : project.apiPath() + rest;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a channel: wfp notify add webhook URL. Prints the signing secret once.")
    static final class Add extends ClientCommand {

        @picocli.CommandLine.Mixin
        Scope scope = new Scope();

        @Parameters(index = "0", paramLabel = "TYPE", description = "webhook")
        String type;

        @Parameters(index = "1", paramLabel = "URL", description = "https:// URL the receiver listens on.")
        String url;

        @Override
        int run(PlatformClient platform) {
            ObjectNode body = ReportJson.mapper().createObjectNode().put("type", type).put("url", url);
            JsonNode channel = platform.post(scope.path("/notify/channels"), body, Map.of());
            return print(channel, () -> {
                out.println("channel " + channel.path("id").asText() + ": webhook " + channel.path("url").asText());
                out.println();
                out.println("  signing secret: " + channel.path("secret").asText());
                out.println();
                out.println("Store it now: it is shown this once. Each delivery carries Wfp-Signature: t=<unix seconds>,v1=<hex>,");
                out.println("the HMAC-SHA256 of '<seconds>.<body>' with this secret; refuse old or wrong signatures.");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the channels.")
    static final class ListChannels extends ClientCommand {

        @picocli.CommandLine.Mixin
        Scope scope = new Scope();

        @Override
        int run(PlatformClient platform) {
            JsonNode answer = platform.get(scope.path("/notify/channels"));
            return print(answer, () -> {
                TextTable table = new TextTable("CHANNEL", "TYPE", "URL", "SECRET", "CREATED");
                for (JsonNode c : answer.path("channels")) {
                    table.row(c.path("id").asText(), c.path("type").asText(), Printable.escape(c.path("url").asText()),
                            c.path("secret").asText(), c.path("createdAt").asText());
                }
                table.print(out);
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a channel.")
    static final class Remove extends ClientCommand {

        @picocli.CommandLine.Mixin
        Scope scope = new Scope();

        @Parameters(paramLabel = "ID", description = "The channel id (ch_...).")
        String id;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(PlatformClient platform) {
            if (!confirmation.confirmed("Remove notification channel " + id, "wfp notify remove " + id, err)) {
                return FAILED;
            }
            JsonNode removed = platform.delete(scope.path("/notify/channels/") + URLEncoder.encode(id, StandardCharsets.UTF_8));
            return print(removed, () -> out.println("removed channel " + removed.path("id").asText()));
        }
    }

    @Command(name = "deliveries", mixinStandardHelpOptions = true,
            description = "The delivery log: every attempt, newest first.")
    static final class Deliveries extends ClientCommand {

        @picocli.CommandLine.Mixin
        Scope scope = new Scope();

        @Override
        int run(PlatformClient platform) {
            JsonNode answer = platform.get(scope.path("/notify/deliveries?limit=100"));
            return print(answer, () -> {
                TextTable table = new TextTable("AT", "EVENT", "WORKFLOW", "CHANNEL", "ATTEMPT", "STATUS", "DELIVERED", "ERROR");
                for (JsonNode d : answer.path("deliveries")) {
                    table.row(d.path("at").asText(), d.path("event").asText(), d.path("workflow").asText(),
                            d.path("channelId").asText(), d.path("attempt").asInt(), d.path("status").asInt(),
                            d.path("delivered").asBoolean() ? "yes" : "no", Printable.escape(d.path("error").asText()));
                }
                table.print(out);
            });
        }
    }
}
