package com.wfp.local.gateway;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DocsPageTest {

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
    void page_isServedWithoutInlineScriptUnderAPolicyThatAllowsThisOriginOnly() throws Exception {
        HttpResponse<String> page = get("/docs/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("http");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=\"/docs/");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isEqualTo(2);
        assertThat(page.body()).doesNotContain("https://").doesNotContain("http://");
    }

    @Test
    void everyAssetThePageNames_isServedFromTheJar() throws Exception {
        String page = get("/docs/").body();
        Matcher references = Pattern.compile("(?:src|href)=\"(/docs/[^\"]+)\"").matcher(page);
        int count = 0;
        while (references.find()) {
            count++;
            HttpResponse<String> asset = get(references.group(1));
            assertThat(asset.statusCode()).as(references.group(1)).isEqualTo(200);
            assertThat(asset.body()).as(references.group(1)).isNotBlank();
        }
        assertThat(count).isGreaterThanOrEqualTo(5);
        assertThat(get("/docs/swagger-ui/swagger-ui-bundle.js").body()).contains("SwaggerUIBundle");
        assertThat(get("/docs/calling-a-workflow.md").body()).contains("Retry-After");
    }

    @Test
    void docs_withoutTrailingSlash_redirectsAndAnythingElseUnderDocsIsNotServed() throws Exception {
        assertThat(get("/docs").statusCode()).isEqualTo(301);
        assertThat(get("/docs/%2e%2e/pom.xml").statusCode()).isIn(400, 404);
        assertThat(get("/docs/swagger-ui/package.json").statusCode()).isEqualTo(404);
        assertThat(get("/docs/swagger-ui/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void documents_stayBehindTheAdminToken() throws Exception {
        assertThat(get("/api/v1/openapi.json").statusCode()).isEqualTo(401);
    }
}
