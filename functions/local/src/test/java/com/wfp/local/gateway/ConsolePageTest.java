package com.wfp.local.gateway;

import com.wfp.handlers.console.ConsoleAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ConsolePageTest {

    private static final Pattern IMPORT = Pattern.compile("(?:import|from)\\s+'\\./([^']+)'");

    @RegisterExtension
    static final PagesGateway GATEWAY = new PagesGateway();

    @Test
    void everyModuleThePageImports_isServedFromTheJarUnderTheConsolePolicy() throws Exception {
        Deque<String> toVisit = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        // Relative to the page, so that the same page works below API Gateway's stage path (/prod/).
        Matcher links = Pattern.compile("(?:src|href)=\"(console/[^\"]+)\"").matcher(GATEWAY.get("/").body());
        while (links.find()) {
            toVisit.add("/" + links.group(1));
        }
        while (!toVisit.isEmpty()) {
            String path = toVisit.pop();
            if (!seen.add(path)) {
                continue;
            }
            HttpResponse<String> asset = GATEWAY.get(path);
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
        assertThat(GATEWAY.get("/console/uplot/uPlot.esm.js").body()).contains("export { uPlot as default }");
    }

    @Test
    void page_isServedWithTheConsoleHeadersAndRevalidatesWithItsEntityTag() throws Exception {
        HttpResponse<String> page = GATEWAY.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleAssets.CONTENT_SECURITY_POLICY);
        ConsoleAssets.SECURITY_HEADERS.forEach((name, value) -> assertThat(page.headers().allValues(name)).containsExactly(value));
        String etag = page.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = GATEWAY.send(HttpRequest.newBuilder(GATEWAY.url("/"))
                .header("If-None-Match", etag).build());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void onlyTheListedFilesAreServed_notTheRestOfTheWebjar() throws Exception {
        assertThat(GATEWAY.get("/console/uplot/uPlot.cjs.js").statusCode()).isEqualTo(404);
        assertThat(GATEWAY.get("/console/uplot/package.json").statusCode()).isEqualTo(404);
        assertThat(GATEWAY.get("/console/nothing.js").statusCode()).isEqualTo(404);
        assertThat(GATEWAY.get("/console/index.html").statusCode()).isEqualTo(404);
        assertThat(GATEWAY.get("/console/../pom.xml").statusCode()).isIn(400, 404);
    }

    @Test
    void policy_allowsThisOriginOnly() {
        assertThat(ConsolePageHandler.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("http");
    }
}
