package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code wfp login [URL]}: checks a personal access token against the platform, pins the
 * certificate it answers with and saves both as a profile in the user's config directory, so
 * every later command works from any directory. The token is read from a file or standard input,
 * never from an argument (which would land in the shell's history).
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Save a login profile (URL, certificate fingerprint, personal access token) for every command.")
final class LoginCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "URL", defaultValue = ConnectionOptions.DEFAULT_URL,
            description = "The platform's base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--profile", defaultValue = Profiles.DEFAULT, description = "The profile's name (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--token-file", description = "Read the token from this file (default: standard input, or a prompt).")
    Path tokenFile;

    @Option(names = "--fingerprint", description = "The certificate's SHA-256 the platform must answer with "
            + "(as wfp start prints it); without it the certificate presented now is pinned.")
    String fingerprint;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        try {
            String token = token();
            String presented;
            try {
                presented = CertificatePin.fingerprint(CertificatePin.presented(url));
            } catch (IOException e) {
                throw new PlatformClient.NotRunning("The platform is not running at " + url + " (" + e.getMessage() + ")", e);
            }
            if (fingerprint != null && !fingerprint.strip().equalsIgnoreCase(presented)) {
                err.println("wfp: the platform at " + url + " answered with certificate SHA-256 " + presented
                        + ", not the one given (" + fingerprint.strip() + "); nothing was saved.");
                return ClientCommand.FAILED;
            }
            JsonNode me = PlatformClient.pinned(url, token, presented).get("/whoami");
            Profiles profiles = Profiles.ofUser(System.getenv());
            Path file = profiles.save(new Profiles.Profile(profile, url, presented, token));
            out.println("wfp: logged in to " + url + " as " + Printable.escape(me.path("id").asText()) + " ("
                    + me.path("kind").asText() + ")");
            out.println("wfp: certificate SHA-256 " + presented + " pinned");
            out.println("wfp: profile '" + profile + "' saved in " + file + " (owner-only)"
                    + (profile.equals(Profiles.DEFAULT) ? "" : "; use it with --profile " + profile));
            return ClientCommand.OK;
        } catch (PlatformClient.NotRunning e) {
            err.println("wfp: " + e.getMessage() + ".");
            return ClientCommand.NOT_RUNNING;
        } catch (PlatformClient.ApiError e) {
            err.println("wfp: " + e.getMessage() + " (" + e.code + ")");
            if (!e.hint.isBlank()) {
                err.println("     hint: " + e.hint);
            }
            return e.status == 400 ? ClientCommand.BAD_INPUT : ClientCommand.FAILED;
        }
    }

    private String token() {
        String token;
        try {
            if (tokenFile != null) {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8);
            } else {
                Console console = System.console();
                if (console != null && interactive(console)) {
                    char[] typed = console.readPassword("Personal access token: ");
                    token = typed == null ? "" : new String(typed);
                } else {
                    token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                }
            }
        } catch (IOException e) {
            throw new PlatformClient.ApiError(400, "cli.token-unreadable", "Cannot read the token: " + e.getMessage(),
                    "Give --token-file FILE, or pipe the token on standard input.");
        }
        if (token == null || token.isBlank()) {
            throw new PlatformClient.ApiError(400, "cli.token-missing", "No token was given",
                    "Give --token-file FILE (the first start writes the owner's to <data>/owner-token), "
                            + "or pipe it on standard input.");
        }
        return token.strip();
    }

    /**
     * Whether the console is a terminal: on Java 22 and later a console exists even when input
     * is piped, and says so through {@code isTerminal}; on 21 it exists only for a terminal.
     */
    private static boolean interactive(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException java21) {
            return true;
        }
    }

    /** {@code wfp logout}: forgets a profile. */
    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget a login profile.")
    static final class Logout implements Callable<Integer> {

        @Option(names = "--profile", defaultValue = Profiles.DEFAULT, description = "The profile (default: ${DEFAULT-VALUE}).")
        String profile;

        @Override
        public Integer call() {
            boolean deleted = Profiles.ofUser(System.getenv()).delete(profile);
            System.out.println(deleted ? "wfp: profile '" + profile + "' forgotten" : "wfp: no profile '" + profile + "'");
            return ClientCommand.OK;
        }
    }
}
