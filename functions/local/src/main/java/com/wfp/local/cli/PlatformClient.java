package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.ReportJson;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The CLI's connection to a running platform: HTTPS trusting the platform's own certificate from
 * its data directory, with the admin token. Answers that are not 2xx become {@link ApiError}s; a
 * platform that does not answer becomes {@link NotRunning}.
 */
final class PlatformClient {

    /** The platform refused the call; carries its JSON error. */
    static final class ApiError extends RuntimeException {
        final int status;
        final String code;
        final String hint;

        ApiError(int status, String code, String message, String hint) {
            super(message);
            this.status = status;
            this.code = code;
            this.hint = hint;
        }
    }

    /** Nothing answers at the base URL. */
    static final class NotRunning extends RuntimeException {
        NotRunning(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI baseUrl;
    private final String token;
    private final HttpClient http;

    PlatformClient(URI baseUrl, String token, Path certificatePem) {
        this(baseUrl, token, trusting(certificatePem));
    }

    private PlatformClient(URI baseUrl, String token, SSLContext tls) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                // A stopped platform refuses at once; this bound is only reached by a platform too busy to
                // accept, where a few seconds more beats a false "not running".
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(tls)
                .build();
    }

    /**
     * A client that trusts exactly the certificate whose SHA-256 fingerprint a login pinned
     * (the platform's own self-signed certificate, or whichever it answered with then).
     */
    static PlatformClient pinned(URI baseUrl, String token, String fingerprint) {
        return new PlatformClient(baseUrl, token, CertificatePin.context(fingerprint));
    }

    URI baseUrl() {
        return baseUrl;
    }

    JsonNode get(String apiPath) {
        return send(request(apiPath).GET());
    }

    JsonNode post(String apiPath, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder request = request(apiPath).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ReportJson.write(body)));
        headers.forEach(request::header);
        return send(request);
    }

    JsonNode put(String apiPath, JsonNode body) {
        return send(request(apiPath).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ReportJson.write(body))));
    }

    JsonNode delete(String apiPath) {
        return send(request(apiPath).DELETE());
    }

    /**
     * Reads a server-sent event stream and hands each event's JSON data to {@code onEvent} until
     * it returns false or the stream ends.
     */
    void events(String path, Predicate<JsonNode> onEvent) {
        HttpRequest request = HttpRequest.newBuilder(at(path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw notRunning(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            response.body().close();
            throw new ApiError(response.statusCode(), "events.refused", "The event stream answered "
                    + response.statusCode(), "Poll the deployment status instead.");
        }
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:") && !onEvent.test(parse(line.substring(5).strip()))) {
                    return;
                }
            }
        }
    }

    /**
     * Where a platform path is: under the URL's own path, so that a platform served below a prefix (an API
     * Gateway stage such as {@code https://...amazonaws.com/prod}) is addressed as at a root; a whole URL (a
     * status or events URL the platform answered with) stays as it is.
     */
    URI at(String path) {
        if (path.startsWith("https://") || path.startsWith("http://")) {
            URI whole = URI.create(path);
            // The token goes wherever this points: only ever to the platform the profile names.
            if (!whole.getScheme().equalsIgnoreCase(baseUrl.getScheme())
                    || !String.valueOf(whole.getHost()).equalsIgnoreCase(String.valueOf(baseUrl.getHost()))
                    || whole.getPort() != baseUrl.getPort()) {
                throw new ApiError(502, "cli.foreign-url", "The platform answered with a URL of another origin: "
                        + whole.getScheme() + "://" + whole.getRawAuthority(),
                        "The CLI sends its token only to " + baseUrl + "; check the --url or profile you use.");
            }
            return whole;
        }
        String prefix = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
        return baseUrl.resolve(prefix + path);
    }

    private HttpRequest.Builder request(String apiPath) {
        return HttpRequest.newBuilder(at(ControlRoutes.API_PREFIX + apiPath))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw notRunning(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            JsonNode error = body.path("error");
            throw new ApiError(response.statusCode(), error.path("code").asText("http." + response.statusCode()),
                    error.path("message").asText(response.body()), error.path("hint").asText(""));
        }
        return body;
    }

    private NotRunning notRunning(IOException e) {
        String reason = e instanceof ConnectException ? "nothing answers" : String.valueOf(e.getMessage());
        return new NotRunning("The platform is not running at " + baseUrl + " (" + reason + ")", e);
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? ReportJson.mapper().nullNode() : ReportJson.mapper().readTree(text);
        } catch (IOException e) {
            return ReportJson.mapper().getNodeFactory().textNode(text);
        }
    }

    private static SSLContext trusting(Path certificatePem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            if (Files.isRegularFile(certificatePem)) {
                try (InputStream in = Files.newInputStream(certificatePem)) {
                    trust.setCertificateEntry("wfp-platform",
                            CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the platform certificate " + certificatePem + ": "
                    + e.getMessage(), e);
        }
    }
}
