package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code wfp audit [--since] [--principal] [--action] [--resource] [--outcome] [--json]}: the
 * audit trail, newest first, free text printed with control characters escaped; and
 * {@code wfp audit verify}, which exits 1 naming the first record edited, deleted or reordered.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Search the audit trail, or check its hash chain with `wfp audit verify`.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand extends ClientCommand {

    @Option(names = "--since", description = "Records at or after this UTC time, such as 2026-12-05T10:00:00Z.")
    String since;

    @Option(names = "--principal", description = "Only this principal: admin, anonymous or a key id.")
    String principal;

    @Option(names = "--action", description = "Only actions containing this text, such as 'keys' or 'rollback'.")
    String action;

    @Option(names = "--resource", description = "Only resources starting with this path.")
    String resource;

    @Option(names = "--outcome", description = "allowed, denied or failed.")
    String outcome;

    @Override
    int run(PlatformClient platform) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("since", since);
        query.put("principal", principal);
        query.put("action", action);
        query.put("resource", resource);
        query.put("outcome", outcome);
        StringBuilder path = new StringBuilder("/audit");
        query.forEach((name, value) -> {
            if (value != null) {
                path.append(path.indexOf("?") < 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        JsonNode records = platform.get(path.toString());
        return print(records, () -> {
            TextTable table = new TextTable("ID", "AT", "PRINCIPAL", "ACTION", "RESOURCE", "OUTCOME", "CODE", "SOURCE", "PARAMS");
            for (JsonNode r : records.path("records")) {
                table.row(r.path("id").asText(), r.path("at").asText(), Printable.escape(r.path("principal").asText()),
                        Printable.escape(r.path("action").asText()), Printable.escape(r.path("resource").asText()),
                        r.path("outcome").asText(), Printable.escape(r.path("code").asText()),
                        Printable.escape(r.path("source").asText()), Printable.escape(r.path("params").asText()));
            }
            table.print(out);
        });
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the audit trail's hash chain; exits 1 naming the first edited, deleted or reordered record.")
    static final class Verify extends ClientCommand {

        @Override
        int run(PlatformClient platform) {
            JsonNode verification = platform.get("/audit/verify");
            if (json) {
                out.println(ReportJson.write(verification));
            } else if (verification.path("intact").asBoolean()) {
                out.println("audit trail intact: " + verification.path("records").asLong() + " records, hash chain unbroken");
            } else {
                JsonNode broken = verification.path("firstBroken");
                out.println("audit trail BROKEN at record " + broken.path("id").asText() + " (seq "
                        + broken.path("seq").asLong() + "): " + Printable.escape(broken.path("reason").asText()));
            }
            return verification.path("intact").asBoolean() ? OK : FAILED;
        }
    }
}
