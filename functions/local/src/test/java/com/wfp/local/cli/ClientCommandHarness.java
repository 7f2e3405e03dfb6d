package com.wfp.local.cli;

import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs client commands in-process with captured output, against a data dir and a platform address of the test's choosing. */
abstract class ClientCommandHarness {

    @TempDir
    Path dataDir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(ClientCommand command, String... args) {
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(command).execute(args);
    }

    /** An HTTPS address where nothing listens: a port that was free a moment ago. */
    static String nothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "https://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
