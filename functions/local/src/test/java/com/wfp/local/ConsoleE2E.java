package com.wfp.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser (headless Debian chromium) against a platform started as a
 * user starts it: sign in, Publish disabled with its reasons, fix the document, publish with notes
 * and follow the steps, call the URL, publish a canary, roll back from the traffic screen. Notes
 * and reasons carry markup that must show as text; the console log must hold no CSP violation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleE2E {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String WORKFLOW = "local/default/greeting";
    private static final String HOSTILE_NOTES = "<img src=x id=injected-notes> first <b>release</b>";
    private static final String HOSTILE_REASON = "<script id=injected-reason>alert(1)</script> canary too chatty";

    private static Path dataDir;
    private static PlatformProcess platform;
    private static String httpsUrl;
    private static String apiKey;
    private static HttpClient client;

    @RegisterExtension
    static final PlatformTranscriptOnFailure PRINT_PLATFORM_OUTPUT_ON_FAILURE =
            new PlatformTranscriptOnFailure(() -> platform);

    @RegisterExtension
    static final ConsoleBrowser BROWSER = new ConsoleBrowser();

    @BeforeAll
    static void startPlatformAndBrowser() throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = Files.createTempDirectory("wfp-console-e2e-");
        platform = PlatformProcess.startReady(START_TIMEOUT, "start", "--port", "0", "--http-port", "-1", "--data", dataDir.toString());
        httpsUrl = platform.httpsUrl();
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
        apiKey = ControlApi.of(platform, dataDir).createKey("local/default");
        BROWSER.open();
    }

    @AfterAll
    static void stop() throws Exception {
        BROWSER.close();
        if (platform != null) {
            platform.stop(Duration.ofSeconds(30));
            platform.close();
        }
    }

    private static String greeting() throws Exception {
        return Files.readString(PlatformProcess.moduleDir().resolve("../../samples/workflows/valid/greeting.json").normalize());
    }

    @Test
    @Order(1)
    void signIn_withWrongTokenThenAdminToken_refusesThenShowsWorkflows() {
        BROWSER.driver().get(httpsUrl + "/");
        WebElement token = BROWSER.find("wfp-sign-in input[type=password]");
        assertThat(BROWSER.driver().findElement(By.cssSelector("label[for='" + token.getAttribute("id") + "']")).getText()).isEqualTo("Token");
        BROWSER.screenshot("01-sign-in");
        token.sendKeys("not-the-token");
        BROWSER.driver().findElement(By.cssSelector("wfp-sign-in button[type=submit]")).click();
        assertThat(BROWSER.find("wfp-sign-in .problem").getText()).contains("not accepted");

        token.clear();
        token.sendKeys(platform.adminToken());
        BROWSER.driver().findElement(By.cssSelector("wfp-sign-in button[type=submit]")).click();

        assertThat(BROWSER.find("wfp-workflows h1").getText()).isEqualTo("Projects and workflows");
        assertThat(BROWSER.script("return localStorage.length")).isEqualTo(0L);
        BROWSER.screenshot("02-workflows");
    }

    @Test
    @Order(2)
    void editor_withBrokenDocument_disablesPublishWithTheReasonsAndFindingsLeadToTheNode() throws Exception {
        BROWSER.driver().get(httpsUrl + "/#/w/" + WORKFLOW);
        WebElement editor = BROWSER.find("wfp-workflow textarea");
        BROWSER.until(d -> editor.getAttribute("value").contains("\"format\""));
        String broken = greeting().replace("{ \"from\": \"compose\", \"to\": \"reply\" }", "{ \"from\": \"compose\", \"to\": \"nowhere\" }");
        assertThat(broken).contains("nowhere");
        BROWSER.setValue(editor, broken);

        WebElement publish = BROWSER.find("wfp-workflow button.primary");
        BROWSER.until(d -> d.findElement(By.id("publish-reasons")).getText().contains("nowhere"));
        assertThat(publish.isEnabled()).isFalse();
        assertThat(publish.getAttribute("aria-describedby")).isEqualTo("publish-reasons");
        assertThat(BROWSER.driver().findElement(By.id("publish-reasons")).getText()).startsWith("Publish is disabled:");

        button("Validate").click();
        WebElement goTo = BROWSER.find("wfp-workflow .findings button");
        assertThat(BROWSER.driver().findElement(By.cssSelector("wfp-workflow .findings")).getText()).contains("graph.");
        goTo.click();
        assertThat(BROWSER.driver().switchTo().activeElement()).isEqualTo(editor);
        BROWSER.screenshot("03-editor-publish-disabled");
    }

    @Test
    @Order(3)
    void publish_fixedDocumentWithMarkupInNotes_followsTheStepsToTheUrlThatAnswers() throws Exception {
        WebElement editor = BROWSER.find("wfp-workflow textarea");
        BROWSER.setValue(editor, greeting());
        WebElement publish = BROWSER.find("wfp-workflow button.primary");
        BROWSER.until(d -> publish.isEnabled());

        button("Play").click();
        assertThat(BROWSER.find("wfp-workflow pre.code").getText()).contains("Hello, Ada!");

        publish.click();
        WebElement version = BROWSER.find("dialog[open] input[type=text]");
        assertThat(version.getAttribute("value")).isEqualTo("v1.0.0");
        BROWSER.driver().findElement(By.cssSelector("dialog[open] textarea")).sendKeys(HOSTILE_NOTES);
        assertThat(BROWSER.driver().findElement(By.cssSelector("dialog[open] .confirm")).getText())
                .contains("production pod of user local").contains(httpsUrl + "/w/" + WORKFLOW + "/v/v1.0.0");
        BROWSER.screenshot("04-publish-dialog");
        BROWSER.driver().findElement(By.cssSelector("dialog[open] button[type=submit]")).click();

        WebElement deployment = BROWSER.find("wfp-deployment[data-state=succeeded]");
        assertThat(deployment.getText()).contains("validate", "ensure_pod", "load", "health_check", "route").contains("100%");
        String productionUrl = deployment.findElement(By.cssSelector(".urls input")).getAttribute("value");
        assertThat(productionUrl).isEqualTo(httpsUrl + "/w/" + WORKFLOW);
        BROWSER.screenshot("05-deployment");

        HttpResponse<String> answer = call(productionUrl);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Hello, Grace!");
    }

    @Test
    @Order(4)
    void versions_showTheNotesAsTextNotMarkup() {
        BROWSER.driver().get(httpsUrl + "/#/w/" + WORKFLOW + "/versions");
        WebElement table = BROWSER.find("wfp-versions table");
        assertThat(table.getText()).contains(HOSTILE_NOTES).contains("live");
        assertThat(BROWSER.driver().findElements(By.id("injected-notes"))).isEmpty();
        BROWSER.screenshot("06-versions");
    }

    @Test
    @Order(5)
    void publish_canary_sendsItTheChosenShareThenRollbackFromTrafficRestoresTheFirst() throws Exception {
        BROWSER.driver().get(httpsUrl + "/#/w/" + WORKFLOW);
        WebElement editor = BROWSER.find("wfp-workflow textarea");
        BROWSER.until(d -> editor.getAttribute("value").contains("greeting"));
        BROWSER.setValue(editor, greeting().replace("'Hello, '", "'Welcome, '"));
        WebElement publish = BROWSER.find("wfp-workflow button.primary");
        BROWSER.until(d -> publish.isEnabled());
        publish.click();
        BROWSER.find("dialog[open] input[type=text]");
        new Select(BROWSER.driver().findElement(By.cssSelector("dialog[open] select"))).selectByValue("canary");
        WebElement percent = BROWSER.find("dialog[open] input[type=number]");
        percent.clear();
        percent.sendKeys("20");
        BROWSER.driver().findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
        BROWSER.find("wfp-deployment[data-state=succeeded]");

        BROWSER.driver().get(httpsUrl + "/#/w/" + WORKFLOW + "/traffic");
        assertThat(BROWSER.find("wfp-traffic .current").getText()).contains("v1.0.0 80%").contains("v1.0.1 20%");
        BROWSER.screenshot("07-traffic-canary");

        WebElement reason = BROWSER.driver().findElement(By.xpath("//wfp-traffic//label[text()='Reason']/following-sibling::input"));
        reason.sendKeys(HOSTILE_REASON);
        new Select(BROWSER.driver().findElement(By.xpath("//wfp-traffic//label[text()='Back to']/following-sibling::select")))
                .selectByValue("v1.0.0");
        button("Roll back").click();
        assertThat(BROWSER.find("wfp-traffic .status .ok").getText()).startsWith("Rolled back to v1.0.0");
        assertThat(BROWSER.find("wfp-traffic .current").getText()).contains("v1.0.0 100%").doesNotContain("v1.0.1 20%");
        assertThat(BROWSER.driver().findElement(By.cssSelector("wfp-traffic")).getText()).contains(HOSTILE_REASON);
        assertThat(BROWSER.driver().findElements(By.id("injected-reason"))).isEmpty();
        BROWSER.screenshot("08-traffic-rolled-back");

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> answer = call(httpsUrl + "/w/" + WORKFLOW);
            assertThat(answer.headers().firstValue("X-Workflow-Version")).contains("v1.0.0");
        }
    }

    @Test
    @Order(6)
    void pods_atPhoneWidth_listTheProductionPodWithoutSidewaysScrolling() {
        BROWSER.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        BROWSER.driver().get(httpsUrl + "/#/pods");
        assertThat(BROWSER.find("wfp-pods table").getText()).contains("local");
        assertThat((Long) BROWSER.script("return document.documentElement.scrollWidth - window.innerWidth")).isLessThanOrEqualTo(0L);
        BROWSER.screenshot("09-pods-phone");
        BROWSER.driver().get(httpsUrl + "/#/more");
        assertThat(BROWSER.find("wfp-more .note").getText()).contains("Not in this console yet");
        BROWSER.screenshot("10-not-yet");
    }

    @Test
    @Order(6)
    void docsPage_withTheAdminToken_showsTheControlApiThenTheWorkflowsReleasesInSwaggerUi() {
        BROWSER.driver().get(httpsUrl + "/docs/");
        BROWSER.find("#token").sendKeys(platform.adminToken());
        BROWSER.find("#pick button[type=submit]").click();
        // Read through a script: Swagger UI re-renders while it loads, which makes element handles stale.
        BROWSER.until(d -> Boolean.TRUE.equals(BROWSER.script("return Array.from(document.querySelectorAll("
                + "'#ui .opblock-summary-path')).some(p => (p.getAttribute('data-path') || '').includes(arguments[0]));", "/api/v1/validate")) ? true : null);

        BROWSER.find("#workflow").sendKeys("greeting");
        BROWSER.find("#pick button[type=submit]").click();
        BROWSER.until(d -> Boolean.TRUE.equals(BROWSER.script("return Array.from(document.querySelectorAll("
                + "'#ui .opblock-summary-path')).some(p => (p.getAttribute('data-path') || '').includes(arguments[0]));", "/w/local/default/greeting")) ? true : null);
        assertThat(BROWSER.driver().findElement(By.id("problem")).getText()).isEmpty();
        BROWSER.screenshot("docs");

        BROWSER.find("#token").clear();
        BROWSER.find("#token").sendKeys("not-the-token");
        BROWSER.find("#pick button[type=submit]").click();
        BROWSER.until(d -> d.findElement(By.id("problem")).getText().startsWith("401") ? true : null);
    }

    @Test
    @Order(7)
    void consoleLog_afterEveryScreen_holdsNoContentSecurityPolicyViolationOrScriptError() {
        List<String> log = BROWSER.consoleLog();
        assertThat(log).noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to"))
                .noneMatch(line -> line.contains("Uncaught"));
    }

    private static WebElement button(String text) {
        return BROWSER.until(d -> d.findElements(By.xpath("//main//button[normalize-space()='" + text + "']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static HttpResponse<String> call(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Grace\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
