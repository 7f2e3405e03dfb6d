package com.wfp.local.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficCommandsTest extends ClientCommandHarness {

    @Test
    void seconds_readsTheDurationFormsTheRolloutOptionsTake() {
        assertThat(RolloutCommand.seconds("30s")).isEqualTo(30);
        assertThat(RolloutCommand.seconds("5m")).isEqualTo(300);
        assertThat(RolloutCommand.seconds("1h")).isEqualTo(3600);
        assertThat(RolloutCommand.seconds("250ms")).isEqualTo(0.25);
        assertThat(RolloutCommand.seconds("45")).isEqualTo(45);
        assertThatThrownBy(() -> RolloutCommand.seconds("soon")).hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void traffic_withTwoChangesAtOnce_isRefusedByTheCommandLine() throws Exception {
        int exit = run(new TrafficCommand(), "greeting", "--promote", "v1", "--switch", "--url", nothingListening(),
                "--data", dataDir.toString(), "--token", "t");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void rollbackHistoryAndRollout_whenThePlatformIsNotRunning_exit3SayingHowToStartIt() throws Exception {
        String url = nothingListening();
        assertThat(run(new RollbackCommand(), "greeting", "--to", "v1.0.0", "--yes", "--url", url, "--data", dataDir.toString(),
                "--token", "t")).isEqualTo(ClientCommand.NOT_RUNNING);
        assertThat(run(new HistoryCommand(), "ada/shop/greeting", "--url", url, "--data", dataDir.toString(),
                "--token", "t")).isEqualTo(ClientCommand.NOT_RUNNING);
        assertThat(run(new RolloutCommand(), "greeting", "--status", "--url", url, "--data", dataDir.toString(),
                "--token", "t")).isEqualTo(ClientCommand.NOT_RUNNING);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("./wfp start");
    }

    @Test
    void rollout_withoutAVersionOrStatus_exits2AskingForTheVersion() throws Exception {
        int exit = run(new RolloutCommand(), "greeting", "--url", nothingListening(), "--data", dataDir.toString(),
                "--token", "t");

        assertThat(exit).isEqualTo(ClientCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--version");
    }

    @Test
    void traffic_withAShadowThatIsNotVersionColonPercent_exits2() throws Exception {
        int exit = run(new TrafficCommand(), "greeting", "--shadow", "v1.1.0", "--url", nothingListening(),
                "--data", dataDir.toString(), "--token", "t");

        assertThat(exit).isEqualTo(ClientCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("VERSION:PCT");
    }
}
