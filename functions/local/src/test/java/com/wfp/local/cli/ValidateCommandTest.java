package com.wfp.local.cli;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.wfp.handlers.publishing.ValidateHandler;
import com.wfp.handlers.publishing.WorkflowCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        ValidateCommand command = new ValidateCommand(new WorkflowCheck(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(command).execute(args);
    }

    private static String workflow(String name) {
        try {
            return Path.of(ValidateCommandTest.class.getResource("/workflows/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validate_whenWorkflowIsPublishable_exits0WithASummary() {
        int exit = run(workflow("valid-greeting.json"));

        assertThat(exit).isZero();
        assertThat(stdout()).contains("valid-greeting.json: publishable (0 errors,");
    }

    @Test
    void validate_whenWorkflowHasErrors_exits1AndListsThemGroupedWithCodeAndHint() {
        int exit = run(workflow("no-trigger.json"));

        assertThat(exit).isEqualTo(1);
        String text = stdout();
        assertThat(text).startsWith("Errors (");
        assertThat(text).containsPattern("\\n  (graph|config|security)\\.[a-z0-9.-]+");
        assertThat(text).contains("hint: ");
        assertThat(text).containsPattern("no-trigger.json: not publishable \\([1-9][0-9]* errors?, [0-9]+ warnings?\\)");
    }

    @Test
    void validate_whenFileIsNotJson_exits2WithThePosition() {
        int exit = run(workflow("malformed.json"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 4").contains("hint:");
    }

    @Test
    void validate_whenFileIsMissing_exits2() {
        int exit = run("/no/such/workflow.json");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file");
    }

    @Test
    void validate_withJson_printsExactlyTheBodyOfTheHttpsEndpoint() throws Exception {
        for (String name : new String[]{"valid-greeting.json", "no-trigger.json", "malformed.json"}) {
            out.reset();
            run("--json", workflow(name));
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                    .withHttpMethod("POST").withPath("/api/v1/validate")
                    .withBody(Files.readString(Path.of(workflow(name))));

            String endpointBody = new ValidateHandler().handleRequest(event, null).getBody();

            assertThat(stdout().strip()).as(name).isEqualTo(endpointBody);
        }
    }

    @Test
    void validate_withJsonWhenFileIsMissing_printsAnErrorDocument(@TempDir Path dir) {
        int exit = run("--json", dir.resolve("absent.json").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(stdout()).startsWith("{\"error\":{\"code\":\"file.unreadable\"");
    }
}
