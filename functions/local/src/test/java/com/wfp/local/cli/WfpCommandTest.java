package com.wfp.local.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WfpCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = WfpCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Every command path under {@code wfp}, such as {@code [keys, create]}. */
    private static List<List<String>> commandPaths(CommandLine command, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getKey());
            paths.add(path);
            paths.addAll(commandPaths(sub.getValue(), path));
        }
        return paths;
    }

    @Test
    void help_ofEveryCommandInTheTree_exitsZeroAndPrintsItsUsageWithoutWarnings() {
        List<List<String>> paths = commandPaths(WfpCommand.commandLine(), List.of());
        assertThat(paths).extracting(path -> String.join(" ", path))
                .contains("publish", "rollout", "traffic", "keys create", "pods set", "workflows", "retire", "drafts save",
                        "drafts show");
        PrintStream systemErr = System.err;
        ByteArrayOutputStream picocliWarnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(picocliWarnings, true, StandardCharsets.UTF_8));
        try {
            for (List<String> path : paths) {
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);
                picocliWarnings.reset();
                List<String> args = new ArrayList<>(path);
                args.add("--help");

                int exit = run(args.toArray(String[]::new));

                String name = "wfp " + String.join(" ", path);
                assertThat(exit).as("%s --help exit code; it printed %s%s", name, out, err).isZero();
                assertThat(out.toString()).as(name).contains("Usage: " + name);
                assertThat(err.toString()).as(name).isEmpty();
                assertThat(picocliWarnings.toString(StandardCharsets.UTF_8)).as(name).doesNotContain("WARN");
            }
        } finally {
            System.setErr(systemErr);
        }
    }

    @Test
    void help_listsTheCommands() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("start").contains("validate").contains("workflows").contains("retire")
                .contains("drafts");
    }

    @Test
    void startHelp_documentsEveryOption() {
        int exit = run("start", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--port").contains("--http-port").contains("--data").contains("--bind")
                .contains("8443").contains("8080").contains("WFP_DATA");
    }

    @Test
    void validateHelp_documentsTheExitCodes() {
        int exit = run("validate", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--json").contains("--probe").contains("FILE").contains("Exit 0");
    }

    @Test
    void noCommand_isAUsageError() {
        int exit = run();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing a command");
    }

    @Test
    void start_withAPortOutOfRange_isAUsageErrorNamingTheOption() {
        int exit = run("start", "--port", "70000");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be 0 to 65535, was 70000");
    }

    @Test
    void start_withAnHttpPortBelowMinusOne_isAUsageError() {
        assertThat(run("start", "--http-port", "-2")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port");
    }

    @Test
    void unknownOption_isAUsageError() {
        assertThat(run("start", "--no-such-option")).isEqualTo(2);
    }
}
