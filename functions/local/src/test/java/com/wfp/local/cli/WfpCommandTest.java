package com.wfp.local.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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

    @Test
    void help_listsTheCommands() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("start").contains("validate");
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
