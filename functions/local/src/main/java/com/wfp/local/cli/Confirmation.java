package com.wfp.local.cli;

import picocli.CommandLine.Option;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The {@code --yes} of the commands that take something away in production (traffic, a key, a
 * token, a secret, a member, a whole workflow): at a terminal they ask first; in a script, which
 * nobody can answer, they refuse unless {@code --yes} says the question was thought of.
 */
final class Confirmation {

    /** Asks one question at a terminal; null when nobody is there to answer. */
    interface Terminal {
        /** The line typed in answer to {@code prompt}, or null when there is no terminal (or it closed). */
        String ask(String prompt);
    }

    @Option(names = {"-y", "--yes"}, description = "Go ahead without asking (required when not at a terminal).")
    boolean yes;

    Terminal terminal = Confirmation::askConsole;

    /**
     * Whether to go ahead with {@code action} (such as "Roll back local/default/greeting"): always
     * with {@code --yes}; at a terminal when the answer is y or yes.
     *
     * @throws PlatformClient.ApiError 400 {@code cli.confirmation-required} when not at a terminal
     *         and {@code --yes} was not given, naming the command to run instead
     */
    boolean confirmed(String action, String command, PrintStream err) {
        if (yes) {
            return true;
        }
        String answer = terminal.ask(action + "? [y/N] ");
        if (answer == null) {
            throw new PlatformClient.ApiError(400, "cli.confirmation-required",
                    action + " asks for confirmation, and this is not a terminal",
                    "Pass --yes to confirm it in a script: " + command + " --yes");
        }
        String typed = answer.strip().toLowerCase(Locale.ROOT);
        if (typed.equals("y") || typed.equals("yes")) {
            return true;
        }
        err.println("wfp: nothing was changed.");
        return false;
    }

    static String askConsole(String prompt) {
        Console console = System.console();
        if (!SecretsCommand.atTerminal(console)) {
            return null;
        }
        return console.readLine("%s", prompt);
    }
}
