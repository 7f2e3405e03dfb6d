package com.wfp.local.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DocsPageTest {

    @RegisterExtension
    static final PagesGateway GATEWAY = new PagesGateway();

    @Test
    void page_isServedWithoutInlineScriptUnderAPolicyThatAllowsThisOriginOnly() throws Exception {
        HttpResponse<String> page = GATEWAY.get("/docs/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("http");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).containsPattern("src=\"[a-z]");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isEqualTo(2);
        assertThat(page.body()).doesNotContain("https://").doesNotContain("http://");
    }

    @Test
    void everyAssetThePageNames_isServedFromTheJar() throws Exception {
        String page = GATEWAY.get("/docs/").body();
        Matcher references = Pattern.compile("(?:src|href)=\"(?!data:)([^\"]+)\"").matcher(page);
        int count = 0;
        while (references.find()) {
            count++;
            HttpResponse<String> asset = GATEWAY.get("/docs/" + references.group(1));
            assertThat(asset.statusCode()).as(references.group(1)).isEqualTo(200);
            assertThat(asset.body()).as(references.group(1)).isNotBlank();
        }
        assertThat(count).isGreaterThanOrEqualTo(5);
        assertThat(GATEWAY.get("/docs/swagger-ui/swagger-ui-bundle.js").body()).contains("SwaggerUIBundle");
        assertThat(GATEWAY.get("/docs/calling-a-workflow.md").body()).contains("Retry-After");
    }

    @Test
    void docs_withoutTrailingSlash_redirectsAndAnythingElseUnderDocsIsNotServed() throws Exception {
        HttpResponse<String> folder = GATEWAY.get("/docs");
        assertThat(folder.statusCode()).isEqualTo(301);
        assertThat(folder.headers().firstValue("Location")).as("relative, so it stays below a stage").hasValue("docs/");
        assertThat(GATEWAY.get("/docs/%2e%2e/pom.xml").statusCode()).isIn(400, 404);
        assertThat(GATEWAY.get("/docs/swagger-ui/package.json").statusCode()).isEqualTo(404);
        assertThat(GATEWAY.get("/docs/swagger-ui/index.html").statusCode()).isEqualTo(404);
    }

    @Test
    void documents_stayBehindTheAdminToken() throws Exception {
        assertThat(GATEWAY.get("/api/v1/openapi.json").statusCode()).isEqualTo(401);
    }
}
