package com.wfp.pod;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodUnixSocketTest {

    @TempDir
    Path dir;

    @Test
    void health_whenServedOnAUnixSocket_answersThereAndOnTcp() throws IOException {
        Path socket = dir.resolve("pod.sock");
        try (RunningPod pod = new RunningPod(PodSettings.defaults(RunningPod.TOKEN).withUnixSocket(socket))) {
            String answer = exchange(socket, "GET /health HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"status\":\"ready\"");
            assertThat(pod.send(java.net.http.HttpRequest.newBuilder(pod.uri("/health")).build()).statusCode())
                    .isEqualTo(200);
            assertThat(pod.logs.rawLines()).anyMatch(line -> line.contains("\"unixSocket\":\"" + socket + "\""));
            // Connecting takes write permission on the socket: only the pod's own user has it, whatever the umask.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        }
    }

    @Test
    void run_onTheUnixSocket_withoutToken_isRefused() throws IOException {
        Path socket = dir.resolve("pod.sock");
        try (RunningPod ignored = new RunningPod(PodSettings.defaults(RunningPod.TOKEN).withUnixSocket(socket))) {
            String answer = exchange(socket, "POST /run/rel-1 HTTP/1.1\r\nHost: pod\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}");

            assertThat(answer).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void start_whenASocketFileIsLeftFromACrashedPod_replacesIt() throws IOException {
        Path socket = dir.resolve("pod.sock");
        try (ServerSocketChannel left = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            left.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        try (RunningPod ignored = new RunningPod(PodSettings.defaults(RunningPod.TOKEN).withUnixSocket(socket))) {
            assertThat(exchange(socket, "GET /health HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void start_whenAnOrdinaryFileIsAtTheSocketPath_refusesAndLeavesTheFile() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "keep me");

        assertThatThrownBy(() -> new RunningPod(PodSettings.defaults(RunningPod.TOKEN).withUnixSocket(file)))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("is not a socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void settings_whenTheSocketPathIsTooLongForTheKernel_sayHowToFixIt() {
        Path tooLong = dir.resolve("s".repeat(com.wfp.adapters.pod.PodProtocol.MAX_UNIX_SOCKET_PATH));

        assertThatThrownBy(() -> PodSettings.fromArgsAndEnvironment(new String[]{"--unix-socket=" + tooLong},
                java.util.Map.of("WFP_POD_TOKEN", RunningPod.TOKEN)))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("longer than 107 bytes")
                .satisfies(e -> assertThat(((DomainException) e).hint()).contains("shorter --unix-socket"));
    }

    private static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
                // Connection: close: the pod ends the stream after its answer.
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }
}
