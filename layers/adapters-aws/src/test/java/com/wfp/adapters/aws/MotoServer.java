package com.wfp.adapters.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The AWS-compatible server the integration tests run against: {@code moto_server} started once
 * per test JVM on a free port of 127.0.0.1, or whatever {@code AWS_ENDPOINT_URL} names
 * (LocalStack, Floci, a real account). A missing {@code moto_server} fails the build with the
 * command that installs it; it never skips.
 */
public final class MotoServer {

    public static final Region REGION = Region.US_EAST_1;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static MotoServer shared;

    private final URI endpoint;
    private final Process process;

    private MotoServer(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    /** The one server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized MotoServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "moto-server-stop"));
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    private CloudWatchJsonBridge cloudWatchBridge;

    /**
     * Where the SDK's CloudWatch client goes: through a {@link CloudWatchJsonBridge} to the moto_server
     * started here (moto does not speak the client's CBOR protocol), or straight to the endpoint
     * {@code AWS_ENDPOINT_URL} names.
     */
    public synchronized URI cloudWatchEndpoint() {
        if (process == null) {
            return endpoint;
        }
        if (cloudWatchBridge == null) {
            cloudWatchBridge = new CloudWatchJsonBridge(endpoint);
        }
        return cloudWatchBridge.endpoint();
    }

    /** Points an SDK client builder at this server with fixed test credentials. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    private static MotoServer start() {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank()) {
            return new MotoServer(URI.create(external.strip()), null);
        }
        int port = freePort();
        Path log;
        Process process;
        try {
            log = Files.createTempFile("moto-server-", ".log");
            process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("moto_server could not be started (" + e.getMessage() + "). The AWS"
                    + " integration tests need it: install it with `pip install 'moto[server]'`, or point"
                    + " AWS_ENDPOINT_URL at another AWS-compatible server.", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + " before it was"
                        + " ready; its output: " + read(log.toFile()));
            }
            if (answers(endpoint)) {
                return new MotoServer(endpoint, process);
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within " + START_TIMEOUT
                + "; its output: " + read(log.toFile()));
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status > 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port for moto_server", e);
        }
    }

    private static String read(File file) {
        try {
            String text = Files.readString(file.toPath());
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto_server", e);
        }
    }
}
