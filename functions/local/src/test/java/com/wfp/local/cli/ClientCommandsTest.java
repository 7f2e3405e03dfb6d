package com.wfp.local.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
}
