package com.wfp.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wfp.handlers.console.ConsoleAssets;
import com.wfp.handlers.console.DocsAssets;
import com.wfp.handlers.console.ConsoleHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console as the AWS stack serves it, in a real browser (headless Debian chromium): below
 * an API Gateway stage path. A stand-in for the REST API's {@code prod} stage hands every request
 * under {@code /prod} to the console's API Gateway handler as a proxy event (path below the stage,
 * the stage's path in the request context), as the console function gets it, and answers the two
 * control routes the test needs as the control functions would on AWS: {@code whoami}, and a
 * deployment's events one status per request with {@code retry} while it runs. The page must load
 * every module, sign in and follow a deployment to its end through {@code /prod/api/...}, with no
 * request outside the stage and no CSP violation.
 */
class ConsoleBelowStageIT {

    private static final String TOKEN = "stage-token";
    private static final int RUNNING_ANSWERS = 2;

    @RegisterExtension
    static final ConsoleBrowser BROWSER = new ConsoleBrowser();

    private static HttpServer stage;
    private static String origin;
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static final AtomicInteger eventRequests = new AtomicInteger();
    private static final ConsoleHandler CONSOLE = new ConsoleHandler(new ConsoleAssets("/com/wfp/local/console/"),
            new DocsAssets("/com/wfp/local/docs/"));

    @BeforeAll
    static void start() throws IOException {
        stage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stage.createContext("/", ConsoleBelowStageIT::apiGateway);
        stage.start();
        origin = "http://127.0.0.1:" + stage.getAddress().getPort();
        BROWSER.open();
    }

    @AfterAll
    static void stop() {
        BROWSER.close();
        stage.stop(0);
    }

    private static void apiGateway(HttpExchange exchange) throws IOException {
        String full = exchange.getRequestURI().getRawPath();
        requests.add(exchange.getRequestMethod() + " " + full);
        if (!full.equals("/prod") && !full.startsWith("/prod/")) {
            // What API Gateway answers for a path outside its stages.
            answer(exchange, 403, Map.of("Content-Type", "application/json"), "{\"message\":\"Forbidden\"}");
            return;
        }
        String below = full.equals("/prod") ? "/" : full.substring("/prod".length());
        if (below.startsWith("/api/")) {
            control(exchange, below);
            return;
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod(exchange.getRequestMethod())
                .withPath(below).withHeaders(headers)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withStage("prod").withPath(full)
                        .withRequestId("req-" + requests.size()));
        APIGatewayProxyResponseEvent response = CONSOLE.handleRequest(event, null);
        answer(exchange, response.getStatusCode(), response.getHeaders(), response.getBody());
    }

    /** The control routes as the control functions answer them on AWS. */
    private static void control(HttpExchange exchange, String path) throws IOException {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, json, "{\"error\":{\"code\":\"auth.required\",\"message\":\"No credential\"}}");
        } else if (path.equals("/api/v1/whoami")) {
            answer(exchange, 200, json, "{\"kind\":\"person\",\"id\":\"ada\"}");
        } else if (path.equals("/api/v1/openapi.json")) {
            answer(exchange, 200, json, """
                    {"openapi":"3.1.0","info":{"title":"wfp control API","version":"1"},\
                    "paths":{"/api/v1/validate":{"post":{"responses":{"200":{"description":"valid"}}}}}}""");
        } else if (path.equals("/api/v1/projects")) {
            answer(exchange, 200, json, "{\"projects\":[]}");
        } else if (path.equals("/api/v1/deployments/dep-1/events")) {
            boolean running = eventRequests.incrementAndGet() <= RUNNING_ANSWERS;
            String status = """
                    {"deploymentId":"dep-1","workflow":"ada/shop/greeting","version":"v1.0.0","strategy":"all",\
                    "state":"%s","percentDone":%d,"etaMs":%d,"steps":[{"step":"validate","outcome":"ok","durationMs":3}]}"""
                    .formatted(running ? "running" : "succeeded", running ? 40 : 100, running ? 600 : 0);
            answer(exchange, 200, Map.of("Content-Type", "text/event-stream"),
                    (running ? "retry: 300\n" : "") + "event: status\ndata: " + status + "\n\n");
        } else {
            answer(exchange, 404, json, "{\"error\":{\"code\":\"route.not-found\",\"message\":\"No route\"}}");
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Test
    void console_belowTheStagePath_signsInAndFollowsADeploymentThroughTheStagesApi() {
        BROWSER.driver().get(origin + "/prod");
        WebElement token = BROWSER.find("wfp-sign-in input[type=password]");
        assertThat(BROWSER.driver().getCurrentUrl()).isEqualTo(origin + "/prod/");
        token.sendKeys(TOKEN);
        BROWSER.driver().findElement(By.cssSelector("wfp-sign-in button[type=submit]")).click();
        assertThat(BROWSER.find("wfp-workflows h1").getText()).isEqualTo("Projects and workflows");
        assertThat(BROWSER.find("#who").getText()).isEqualTo("Signed in as ada");

        BROWSER.driver().get(origin + "/prod/#/deployments/dep-1");
        BROWSER.until(d -> "succeeded".equals(d.findElement(By.cssSelector("wfp-deployment")).getAttribute("data-state")));
        BROWSER.screenshot("stage-deployment");

        assertThat(BROWSER.find("wfp-deployment .outcome").getText()).isEqualTo("succeeded");
        assertThat(eventRequests.get()).as("reopened after each retry until the deployment ended")
                .isEqualTo(RUNNING_ANSWERS + 1);
        assertThat(requests).as("every request stays below the stage").allMatch(request -> request.contains(" /prod"))
                .contains("GET /prod/console/app.js", "GET /prod/console/uplot/uPlot.esm.js", "GET /prod/api/v1/whoami",
                        "GET /prod/api/v1/projects");
        assertThat(BROWSER.consoleLog()).as("no CSP violation or script error")
                .noneMatch(line -> line.contains("Content Security Policy") || line.startsWith("SEVERE"));
    }

    @Test
    void docsPage_belowTheStagePath_loadsSwaggerUiAndTheControlApisDocumentThroughTheStage() {
        BROWSER.driver().get(origin + "/prod/docs");
        BROWSER.find("#token").sendKeys(TOKEN);
        assertThat(BROWSER.driver().getCurrentUrl()).isEqualTo(origin + "/prod/docs/");
        BROWSER.find("#pick button[type=submit]").click();
        // Read through a script: Swagger UI re-renders while it loads, which makes element handles stale.
        BROWSER.until(d -> Boolean.TRUE.equals(BROWSER.script("return Array.from(document.querySelectorAll("
                + "'#ui .opblock-summary-path')).some(p => (p.getAttribute('data-path') || '') === arguments[0]);",
                "/api/v1/validate")) ? true : null);
        BROWSER.screenshot("stage-docs");

        assertThat(BROWSER.driver().findElement(By.id("problem")).getText()).isEmpty();
        assertThat(requests).as("every request stays below the stage").allMatch(request -> request.contains(" /prod"))
                .contains("GET /prod/docs", "GET /prod/docs/", "GET /prod/docs/swagger-ui/swagger-ui-bundle.js",
                        "GET /prod/docs/docs.js", "GET /prod/api/v1/openapi.json");
        assertThat(BROWSER.consoleLog()).as("no CSP violation or script error")
                .noneMatch(line -> line.contains("Content Security Policy") || line.startsWith("SEVERE"));
    }
}
