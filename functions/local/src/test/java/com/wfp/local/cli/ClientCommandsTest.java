package com.wfp.local.cli;

import org.junit.jupiter.api.Test;

import com.wfp.handlers.publishing.WorkflowCheck;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCommandsTest extends ClientCommandHarness {

    private static String sample() {
        return Path.of(System.getProperty("basedir", ".")).resolve("../../samples/workflows/valid/greeting.json")
                .normalize().toString();
    }

    @Test
    void publish_whenThePlatformIsNotRunning_exits3SayingHowToStartIt() throws Exception {
        int exit = run(new PublishCommand(), sample(), "--version", "v1.0.0", "--url", nothingListening(),
                "--data", dataDir.toString(), "--token", "some-token");

        assertThat(exit).isEqualTo(ClientCommand.NOT_RUNNING);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not running").contains("./wfp start");
    }

    @Test
    void releases_whenTheDataDirectoryHasNoToken_exits3SayingHowToStartIt() throws Exception {
        int exit = run(new ReleasesCommand(), "greeting", "--url", nothingListening(), "--data", dataDir.toString());

        assertThat(exit).isEqualTo(ClientCommand.NOT_RUNNING);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("admin token").contains("./wfp start");
    }

    @Test
    void publish_whenTheFileIsMissing_exits2NamingIt() throws Exception {
        int exit = run(new PublishCommand(), dataDir.resolve("missing.json").toString(), "--version", "v1.0.0",
                "--url", nothingListening(), "--data", dataDir.toString(), "--token", "some-token");

        assertThat(exit).isEqualTo(ClientCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.json");
    }

    @Test
    void diff_whenTheWorkflowNameHasTwoParts_exits2ExplainingTheForms() throws Exception {
        int exit = run(new DiffCommand(), "shop/greeting", "v1", "v2", "--url", nothingListening(),
                "--data", dataDir.toString(), "--token", "some-token");

        assertThat(exit).isEqualTo(ClientCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("USER/PROJECT/WORKFLOW");
    }

    private static String invalidSample() {
        return Path.of(System.getProperty("basedir", ".")).resolve("../../samples/workflows/invalid/graph.cycle.json")
                .normalize().toString();
    }

    /** What wfp validate prints for the file: stdout and stderr. */
    private static String[] validateOutput(String file, boolean json) {
        ByteArrayOutputStream validateOut = new ByteArrayOutputStream();
        ByteArrayOutputStream validateErr = new ByteArrayOutputStream();
        ValidateCommand validate = new ValidateCommand(new WorkflowCheck(),
                new PrintStream(validateOut, true, StandardCharsets.UTF_8),
                new PrintStream(validateErr, true, StandardCharsets.UTF_8));
        if (json) {
            new picocli.CommandLine(validate).execute(file, "--json");
        } else {
            new picocli.CommandLine(validate).execute(file);
        }
        return new String[] {validateOut.toString(StandardCharsets.UTF_8), validateErr.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void publish_whenTheDocumentHasErrors_printsEveryFindingAsValidateDoesAndSendsNothing() throws Exception {
        int exit = run(new PublishCommand(), invalidSample(), "--version", "v1.0.0", "--url", nothingListening(),
                "--data", dataDir.toString(), "--token", "some-token");

        assertThat(exit).isEqualTo(ClientCommand.FAILED);
        String expected = validateOutput(invalidSample(), false)[0];
        assertThat(expected).isNotBlank();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("not running");
    }

    @Test
    void publish_whenTheDocumentHasErrorsAndJsonIsAsked_printsValidatesJsonReport() throws Exception {
        int exit = run(new PublishCommand(), invalidSample(), "--version", "v1.0.0", "--json",
                "--url", nothingListening(), "--data", dataDir.toString(), "--token", "some-token");

        assertThat(exit).isEqualTo(ClientCommand.FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(validateOutput(invalidSample(), true)[0]);
    }

    @Test
    void publish_whenTheDocumentDoesNotParse_namesLineAndColumnAsValidateDoes() throws Exception {
        Path broken = dataDir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"format\": 1,\n  \"id\": \n}\n");

        int exit = run(new PublishCommand(), broken.toString(), "--version", "v1.0.0", "--url", nothingListening(),
                "--data", dataDir.toString(), "--token", "some-token");

        assertThat(exit).isEqualTo(ClientCommand.BAD_INPUT);
        String expected = validateOutput(broken.toString(), false)[1];
        assertThat(expected).containsIgnoringCase("line");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(expected).doesNotContain("REDACTED");
    }

    @Test
    void publishProgressBar_showsTheStepThePercentAndThePlatformsEstimate() throws Exception {
        var status = com.wfp.handlers.http.ReportJson.mapper().readTree(
                "{\"state\":\"running\",\"currentStep\":\"ensure_pod\",\"percentDone\":25,\"etaMs\":1234,\"podStart\":\"cold\"}");

        assertThat(PublishCommand.bar(status)).isEqualTo("[######..................]  25%  ensure_pod  about 1.2 s left (cold pod)");
        assertThat(PublishCommand.estimate(((com.fasterxml.jackson.databind.node.ObjectNode) status.deepCopy()).put("etaMs", 63).put("podStart", "warm")))
                .isEqualTo("about 63 ms left (warm pod)");
    }
}
