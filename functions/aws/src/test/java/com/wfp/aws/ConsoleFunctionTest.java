package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.console.ConsoleAssets;
import com.wfp.handlers.console.DocsAssets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    private static final Path LOCAL_DOCS = Path.of(System.getProperty("basedir", "."))
            .resolve("../local/src/main/resources/com/wfp/local/docs");
    private static final Path CALLERS_GUIDE = Path.of(System.getProperty("basedir", "."))
            .resolve("../../docs/calling-a-workflow.md");

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

    @Test
    void docsPage_belowTheStage_isTheLocalPageWithFilesAndApiRelativeToIt() throws IOException {
        APIGatewayProxyResponseEvent page = console.handleRequest(Events.proxy("docs-page.json"), null);

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).isEqualTo(Files.readString(LOCAL_DOCS.resolve("index.html")));
        assertThat(page.getHeaders())
                .containsAllEntriesOf(ConsoleAssets.SECURITY_HEADERS)
                .containsEntry("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY)
                .containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("X-Request-Id", "req-docs-page");
        // Nothing absolute: below /prod/docs/ an absolute /docs/ or /api/ would leave the stage.
        assertThat(page.getBody()).doesNotContain("=\"/");
        String script = asset("/docs/docs.js").getBody();
        assertThat(script).contains("'../api/v1/openapi.json'").doesNotContain("'/api/");
    }

    @Test
    void docsPage_withoutItsSlash_redirectsRelativelySoTheStageStays() {
        APIGatewayProxyResponseEvent folder = console.handleRequest(Events.proxy("docs-without-slash.json"), null);

        assertThat(folder.getStatusCode()).isEqualTo(301);
        // Resolved against /prod/docs, "docs/" is /prod/docs/.
        assertThat(folder.getHeaders()).containsEntry("Location", "docs/").containsAllEntriesOf(ConsoleAssets.SECURITY_HEADERS);
        assertThat(folder.getBody()).isNull();
    }

    @Test
    void docsPage_whenApiGatewayDropsTheSlashFromThePathButTheAddressHasIt_isThePageNotAnEndlessRedirect() {
        APIGatewayProxyRequestEvent event = Events.proxy("docs-page.json");
        event.setPath("/docs");

        APIGatewayProxyResponseEvent page = console.handleRequest(event, null);

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8");
    }

    @Test
    void everyDocsFile_isServedByteForByteAsTheLocalGatewayServesIt() throws IOException {
        assertThat(DocsAssets.paths()).hasSize(6);
        for (String path : DocsAssets.paths()) {
            APIGatewayProxyResponseEvent answer = path.equals("/docs/")
                    ? console.handleRequest(Events.proxy("docs-page.json"), null) : asset(path);
            byte[] expected = localDocsFile(path);

            assertThat(answer.getStatusCode()).as(path).isEqualTo(200);
            assertThat(answer.getBody().getBytes(StandardCharsets.UTF_8)).as(path).isEqualTo(expected);
            assertThat(answer.getHeaders()).as(path)
                    .containsAllEntriesOf(ConsoleAssets.SECURITY_HEADERS)
                    .containsEntry("Content-Security-Policy", ConsoleAssets.CONTENT_SECURITY_POLICY)
                    .containsEntry("Cache-Control", ConsoleAssets.CACHE_CONTROL)
                    .containsKey("ETag");
        }
        assertThat(asset("/docs/swagger-ui/swagger-ui-bundle.js").getBody()).contains("SwaggerUIBundle");
        assertThat(asset("/docs/calling-a-workflow.md").getHeaders()).containsEntry("Content-Type", "text/markdown; charset=utf-8");
    }

    @Test
    void docsFolder_servesNothingBeyondItsFixedList() {
        for (String path : List.of("/docs/swagger-ui/package.json", "/docs/swagger-ui/index.html", "/docs/../pom.xml",
                "/docs/index.html", "/docs/README.md", "/docs/docs.js/")) {
            assertThat(asset(path).getStatusCode()).as(path).isEqualTo(404);
        }
    }

    /** The file the local gateway serves at {@code path}: its resources, the repository's docs, or the same webjar. */
    private static byte[] localDocsFile(String path) throws IOException {
        String name = path.substring("/docs/".length());
        if (name.isEmpty()) {
            return Files.readAllBytes(LOCAL_DOCS.resolve("index.html"));
        }
        if (name.equals("calling-a-workflow.md")) {
            return Files.readAllBytes(CALLERS_GUIDE);
        }
        if (name.startsWith("swagger-ui/")) {
            String resource = "/META-INF/resources/webjars/swagger-ui/" + DocsAssets.SWAGGER_UI_VERSION + "/"
                    + name.substring("swagger-ui/".length());
            try (InputStream in = ConsoleFunctionTest.class.getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(LOCAL_DOCS.resolve(name));
    }
}
