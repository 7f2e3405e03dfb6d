package com.wfp.local.gateway;

import com.wfp.handlers.console.ConsoleAssets;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.local.TlsTestClients;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.local.tls.CertificateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ConsolePageTest {

    private static final Pattern IMPORT = Pattern.compile("(?:import|from)\\s+'\\./([^']+)'");

    @TempDir
    static Path dataDir;

    private static LocalGateway gateway;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        gateway = new LocalGateway(new GatewaySettings("127.0.0.1", 0, 0, new CertificateStore(dataDir).loadOrCreate(),
                new AdminTokenStore(dataDir).loadOrCreate(), 4096), ControlRoutes.all()).start();
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.httpsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyModuleThePageImports_isServedFromTheJarUnderTheConsolePolicy() throws Exception {
        Deque<String> toVisit = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        // Relative to the page, so that the same page works below API Gateway's stage path (/prod/).
        Matcher links = Pattern.compile("(?:src|href)=\"(console/[^\"]+)\"").matcher(get("/").body());
        while (links.find()) {
            toVisit.add("/" + links.group(1));
        }
        while (!toVisit.isEmpty()) {
            String path = toVisit.pop();
            if (!seen.add(path)) {
                continue;
            }
            HttpResponse<String> asset = get(path);
            assertThat(asset.statusCode()).as(path).isEqualTo(200);
            assertThat(asset.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(ConsolePageHandler.CONTENT_SECURITY_POLICY);
            // The very headers the console function sends on AWS.
            ConsoleAssets.SECURITY_HEADERS.forEach((name, value) ->
                    assertThat(asset.headers().allValues(name)).as(path + " " + name).containsExactly(value));
            assertThat(asset.headers().firstValue("Cache-Control")).as(path).hasValue(ConsoleAssets.CACHE_CONTROL);
            assertThat(asset.headers().firstValue("ETag")).as(path).isPresent();
            if (path.endsWith(".js")) {
                assertThat(asset.headers().firstValue("Content-Type")).as(path).hasValue("text/javascript; charset=utf-8");
                Matcher imports = IMPORT.matcher(asset.body());
                String folder = path.substring(0, path.lastIndexOf('/') + 1);
                while (imports.find()) {
                    toVisit.add(folder + imports.group(1));
                }
            }
        }
        assertThat(seen).contains("/console/app.js", "/console/dashboard.js", "/console/errors.js", "/console/project.js",
                "/console/uplot/uPlot.esm.js", "/console/uplot/uPlot.min.css");
        assertThat(get("/console/uplot/uPlot.esm.js").body()).contains("export { uPlot as default }");
    }

    @Test
    void page_isServedWithTheConsoleHeadersAndRevalidatesWithItsEntityTag() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleAssets.CONTENT_SECURITY_POLICY);
        ConsoleAssets.SECURITY_HEADERS.forEach((name, value) -> assertThat(page.headers().allValues(name)).containsExactly(value));
        String etag = page.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.httpsPort() + "/"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void onlyTheListedFilesAreServed_notTheRestOfTheWebjar() throws Exception {
        assertThat(get("/console/uplot/uPlot.cjs.js").statusCode()).isEqualTo(404);
        assertThat(get("/console/uplot/package.json").statusCode()).isEqualTo(404);
        assertThat(get("/console/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get("/console/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/console/../pom.xml").statusCode()).isIn(400, 404);
    }

    @Test
    void policy_allowsThisOriginOnly() {
        assertThat(ConsolePageHandler.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("http");
    }
}
