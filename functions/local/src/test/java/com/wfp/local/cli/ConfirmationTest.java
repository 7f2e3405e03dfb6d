package com.wfp.local.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that take something away in production ask first at a terminal and refuse in a
 * script without --yes. A platform that is not running tells whether a command went on to call
 * it: exit 3 means it did.
 */
class ConfirmationTest extends ClientCommandHarness {

    private record Destructive(String name, Supplier<ClientCommand> command, List<String> args) {
    }

    private static List<Destructive> destructive() {
        return List.of(
                // With --to: without it, rollback first reads (from the platform) where it would go, to say so before asking.
                new Destructive("rollback", RollbackCommand::new, List.of("greeting", "--to", "v1")),
                new Destructive("retire", RetireCommand::new, List.of("greeting", "--reason", "replaced by orders-v2")),
                new Destructive("traffic --demote", TrafficCommand::new, List.of("greeting", "--demote", "v1")),
                new Destructive("traffic --promote", TrafficCommand::new, List.of("greeting", "--promote", "v1")),
                new Destructive("traffic --set", TrafficCommand::new, List.of("greeting", "--set", "v1=100")),
                new Destructive("traffic --switch", TrafficCommand::new, List.of("greeting", "--switch")),
                new Destructive("keys revoke", KeysCommand.Revoke::new, List.of("key_AAAAAAAAAAAAAAAA")),
                new Destructive("tokens revoke", TokensCommand.Revoke::new, List.of("pat_AAAAAAAAAAAAAAAA")),
                new Destructive("secrets delete", SecretsCommand.Delete::new, List.of("crm")),
                new Destructive("members remove", MembersCommand.Remove::new, List.of("dev", "--project", "shop")),
                new Destructive("notify remove", NotifyCommand.Remove::new, List.of("ch_1")));
    }

    private int runWith(Destructive each, Confirmation.Terminal terminal, String... more) throws Exception {
        ClientCommand command = each.command().get();
        confirmationOf(command).terminal = terminal;
        List<String> args = new ArrayList<>(each.args());
        args.addAll(List.of(more));
        args.addAll(List.of("--url", nothingListening(), "--data", dataDir.toString(), "--token", "t"));
        out.reset();
        err.reset();
        return run(command, args.toArray(String[]::new));
    }

    private static Confirmation confirmationOf(ClientCommand command) throws Exception {
        var field = command.getClass().getDeclaredField("confirmation");
        field.setAccessible(true);
        return (Confirmation) field.get(command);
    }

    @Test
    void destructiveCommand_whenNotAtATerminalAndWithoutYes_isRefusedSayingToPassYes() throws Exception {
        for (Destructive each : destructive()) {
            int exit = runWith(each, prompt -> null);

            assertThat(exit).as(each.name()).isEqualTo(ClientCommand.BAD_INPUT);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(each.name())
                    .contains("not a terminal").contains("--yes").contains("cli.confirmation-required");
        }
    }

    @Test
    void destructiveCommand_withYes_goesOnWithoutAsking() throws Exception {
        for (Destructive each : destructive()) {
            List<String> asked = new ArrayList<>();

            int exit = runWith(each, prompt -> {
                asked.add(prompt);
                return "n";
            }, "--yes");

            assertThat(exit).as(each.name()).isEqualTo(ClientCommand.NOT_RUNNING);
            assertThat(asked).as(each.name()).isEmpty();
        }
    }

    @Test
    void destructiveCommand_atATerminal_asksAndGoesOnOnlyOnYes() throws Exception {
        for (Destructive each : destructive()) {
            List<String> asked = new ArrayList<>();

            int declined = runWith(each, prompt -> {
                asked.add(prompt);
                return "";
            });

            assertThat(declined).as(each.name()).isEqualTo(ClientCommand.FAILED);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(each.name()).contains("nothing was changed");
            assertThat(asked).as(each.name()).singleElement().asString().endsWith("? [y/N] ");

            assertThat(runWith(each, prompt -> "y")).as(each.name()).isEqualTo(ClientCommand.NOT_RUNNING);
            assertThat(runWith(each, prompt -> " YES ")).as(each.name()).isEqualTo(ClientCommand.NOT_RUNNING);
        }
    }

    @Test
    void trafficWithoutAChange_onlyReadsAndNeverAsks() throws Exception {
        int exit = runWith(new Destructive("traffic", TrafficCommand::new, List.of("greeting")), prompt -> {
            throw new AssertionError("asked: " + prompt);
        });

        assertThat(exit).isEqualTo(ClientCommand.NOT_RUNNING);
    }
}
