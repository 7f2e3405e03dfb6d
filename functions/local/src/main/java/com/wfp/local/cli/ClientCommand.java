package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Base of the commands that talk to a running platform, and the one place their failures become
 * messages and exit codes: 1 when the platform refused or the deployment failed, 2 for unusable
 * input, 3 when the platform is not running.
 */
abstract class ClientCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int NOT_RUNNING = 3;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print the platform's JSON answer instead of a table.")
    boolean json;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public final Integer call() {
        try {
            return run(connection.connect());
        } catch (PlatformClient.NotRunning e) {
            err.println("wfp: " + e.getMessage() + ".");
            err.println("     Start it with ./wfp start (or pass --url and --data for another platform).");
            return NOT_RUNNING;
        } catch (PlatformClient.ApiError e) {
            if (json) {
                out.println(ReportJson.write(error(e)));
            } else {
                err.println("wfp: " + e.getMessage() + " (" + e.code + ")");
                if (!e.hint.isBlank()) {
                    err.println("     hint: " + e.hint);
                }
            }
            return e.status == 400 || e.status == 413 ? BAD_INPUT : FAILED;
        }
    }

    /** The command's work against the platform; returns the exit code. */
    abstract int run(PlatformClient platform);

    /**
     * Prints the platform's answer as it came with {@code --json}, or else the way {@code human} puts it
     * for people; returns {@link #OK}, so a command ends with {@code return print(answer, () -> ...)}.
     */
    int print(JsonNode answer, Runnable human) {
        if (json) {
            out.println(ReportJson.write(answer));
        } else {
            human.run();
        }
        return OK;
    }

    /** A path segment of a user/project/workflow reference, checked to be three parts. */
    static String workflowPath(String reference) {
        String[] parts = reference.split("/", -1);
        if (parts.length == 1) {
            return "local/default/" + reference;
        }
        if (parts.length != 3 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new PlatformClient.ApiError(400, "cli.invalid-workflow", "'" + reference + "' is not a workflow",
                    "Name it as WORKFLOW (user local, project default) or USER/PROJECT/WORKFLOW.");
        }
        return reference;
    }

    private static JsonNode error(PlatformClient.ApiError e) {
        var error = ReportJson.mapper().createObjectNode();
        error.putObject("error").put("code", e.code).put("message", e.getMessage()).put("hint", e.hint);
        return error;
    }
}
