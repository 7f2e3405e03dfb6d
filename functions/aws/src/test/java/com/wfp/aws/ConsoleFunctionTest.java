package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.console.ConsoleAssets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console function, handed the API Gateway proxy events of {@code src/test/resources/events/},
 * serves the local platform's console files byte for byte with the policy and headers the local
 * gateway sends, below the {@code prod} stage.
 */
class ConsoleFunctionTest {

    private static final Path LOCAL_CONSOLE = Path.of(System.getProperty("basedir", "."))
            .resolve("../local/src/main/resources/com/wfp/local/console");

    private final ConsoleFunction console = new ConsoleFunction();

    private APIGatewayProxyResponseEvent asset(String path) {
        APIGatewayProxyRequestEvent event = Events.proxy("console-asset.json");
        event.setPath(path);
        return console.handleRequest(event, null);
    }

    @Test
    void page_atTheStageRoot_isTheLocalPageUnderTheConsolePolicyAndHeaders() throws IOException {
        APIGatewayProxyResponseEvent page = console.handleRequest(Events.proxy("console-page.json"), null);

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).isEqualTo(Files.readString(LOCAL_CONSOLE.resolve("index.html")));
        assertThat(page.getHeaders())
                .containsAllEntriesOf(ConsoleAssets.SECURITY_HEADERS)
                .containsEntry("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY)
                .containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache")
                .containsEntry("X-Request-Id", "req-console-page")
                .containsKey("ETag");
        // Relative to the page, so that below /prod/ the modules load from /prod/console/.
        assertThat(page.getBody()).contains("src=\"console/app.js\"").doesNotContain("src=\"/console/");
    }

    @Test
    void page_atTheStageWithoutItsSlash_redirectsToIt() {
        APIGatewayProxyResponseEvent page = console.handleRequest(Events.proxy("console-page-without-slash.json"), null);

        assertThat(page.getStatusCode()).isEqualTo(301);
        assertThat(page.getHeaders()).containsEntry("Location", "/prod/").containsAllEntriesOf(ConsoleAssets.SECURITY_HEADERS);
        assertThat(page.getBody()).isNull();
    }

    @Test
    void everyLocalConsoleFile_isServedUnchangedWithTheConsolesHeaders() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(LOCAL_CONSOLE)) {
            files = listing.filter(f -> !f.getFileName().toString().equals(ConsoleAssets.PAGE)).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            String name = file.getFileName().toString();
            APIGatewayProxyResponseEvent answer = asset("/console/" + name);

            assertThat(answer.getStatusCode()).as(name).isEqualTo(200);
            assertThat(answer.getBody()).as(name).isEqualTo(Files.readString(file));
            assertThat(answer.getHeaders()).as(name)
                    .containsAllEntriesOf(ConsoleAssets.SECURITY_HEADERS)
                    .containsEntry("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY)
                    .containsEntry("Content-Type", name.endsWith(".css") ? "text/css; charset=utf-8"
                            : "text/javascript; charset=utf-8");
        }
    }

    @Test
    void apiModule_resolvesTheApiBelowTheFolderItWasServedFrom() {
        String api = console.handleRequest(Events.proxy("console-asset.json"), null).getBody();

        // Served as /prod/console/api.js, the API is /prod/api/v1/...: the base is the module's folder's parent.
        assertThat(api).contains("new URL('..', import.meta.url).pathname").contains("fetch(url(path)");
    }

    @Test
    void chartLibrary_isServedFromItsWebjarLikeTheLocalGateway() {
        APIGatewayProxyResponseEvent chart = console.handleRequest(Events.proxy("console-chart.json"), null);

        assertThat(chart.getStatusCode()).isEqualTo(200);
        assertThat(chart.getBody()).contains("export { uPlot as default }");
        APIGatewayProxyResponseEvent css = asset("/console/uplot/uPlot.min.css");
        assertThat(css.getStatusCode()).isEqualTo(200);
        assertThat(css.getHeaders()).containsEntry("Content-Type", "text/css; charset=utf-8");
    }

    @Test
    void revalidation_withTheCurrentEntityTag_isA304WithoutBody() {
        APIGatewayProxyResponseEvent first = console.handleRequest(Events.proxy("console-asset.json"), null);
        APIGatewayProxyRequestEvent again = Events.proxy("console-asset.json");
        Map<String, String> headers = new HashMap<>(again.getHeaders());
        headers.put("if-none-match", first.getHeaders().get("ETag"));
        again.setHeaders(headers);

        APIGatewayProxyResponseEvent revalidated = console.handleRequest(again, null);

        assertThat(revalidated.getStatusCode()).isEqualTo(304);
        assertThat(revalidated.getBody()).isNull();
        assertThat(revalidated.getHeaders()).containsEntry("ETag", first.getHeaders().get("ETag"))
                .containsEntry("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY);
        headers.put("if-none-match", "\"an-older-version\"");
        assertThat(console.handleRequest(again, null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void pathsOutsideTheConsole_areNotFoundAndServeNothing() {
        for (String path : List.of("/console/../pom.xml", "/console/%2e%2e/x.js", "/console/", "/console/index.html",
                "/console/App.js", "/console/com/wfp/aws/AwsPlatform.class", "/favicon.ico", "/console/nothing.js",
                "/console/uplot/../../pom.xml", "/console/uplot/uPlot.cjs.js", "/console/uplot/package.json",
                "/console/uplot/", "/console/a/../api.js", "/console//api.js", "/index.html", "")) {
            APIGatewayProxyResponseEvent answer = asset(path);
            assertThat(answer.getStatusCode()).as(path).isEqualTo(404);
            assertThat(answer.getBody()).as(path).contains("console.not-found").doesNotContain("import ");
        }
    }

    @Test
    void aWrite_isRefused() {
        APIGatewayProxyRequestEvent post = Events.proxy("console-page.json");
        post.setHttpMethod("POST");

        assertThat(console.handleRequest(post, null).getStatusCode()).isEqualTo(405);
    }
}
