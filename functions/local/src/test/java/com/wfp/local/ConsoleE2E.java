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
    private static final String HOSTILE_ERROR = "<img src=x id=injected-error> out of stock";
    private static final String HOSTILE_KEY_NAME = "<img src=x id=injected-key> laptop";
    private static final String KEY_NAME = "e2e laptop";
    private static final String FAILING = "local/default/checkout";
    private static final String ALERTING = "local/default/payments";

    private static Path dataDir;
    private static PlatformProcess platform;
    private static String httpsUrl;
    private static String apiKey;
    private static HttpClient client;
    private static String devToken;

    @RegisterExtension
    static final PlatformTranscriptOnFailure PRINT_PLATFORM_OUTPUT_ON_FAILURE =
            new PlatformTranscriptOnFailure(() -> platform);

    @RegisterExtension
    static final ConsoleBrowser BROWSER = new ConsoleBrowser();

    @BeforeAll
    static void startPlatformAndBrowser() throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = ScratchDirectory.create("wfp-console-e2e-");
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
        ScratchDirectory.delete(dataDir);
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

        WebElement reasonGoTo = BROWSER.find("#publish-reasons button");
        assertThat(reasonGoTo.getText()).startsWith("Go to node compose at $.nodes");
        reasonGoTo.click();
        assertThat(BROWSER.driver().switchTo().activeElement()).isEqualTo(editor);
        // The caret spans the value at the finding's JSON path: the whole compose node.
        assertThat(BROWSER.script("const e = arguments[0]; return e.value.substring(e.selectionStart, e.selectionEnd)", editor))
                .asString().startsWith("{ \"id\": \"compose\"").endsWith("}").contains("\"type\": \"transform\"");

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
        assertThat(BROWSER.driver().findElement(By.cssSelector("dialog[open]")).getText()).contains("Nothing is live yet");
        BROWSER.screenshot("04-publish-dialog");
        // Keeps every estimate the deployment screen shows while the publish runs.
        BROWSER.script("window.wfpEstimates = []; new MutationObserver(() => {"
                + " const e = document.querySelector('wfp-deployment .estimate');"
                + " if (e && !window.wfpEstimates.includes(e.textContent)) window.wfpEstimates.push(e.textContent);"
                + "}).observe(document.body, { subtree: true, childList: true, characterData: true });");
        BROWSER.driver().findElement(By.cssSelector("dialog[open] button[type=submit]")).click();

        WebElement deployment = BROWSER.find("wfp-deployment[data-state=succeeded]");
        assertThat(deployment.getText()).contains("validate", "ensure_pod", "load", "health_check", "route").contains("100% done");
        assertThat(BROWSER.find("wfp-deployment .pod-start").getText()).startsWith("Pod start cold: this publish starts");
        assertThat((List<?>) BROWSER.script("return window.wfpEstimates")).as("estimates shown while it ran")
                .anySatisfy(text -> assertThat(text).asString().matches("estimate: (under a second|\\d+ s) left.*"));
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

        BROWSER.driver().get(httpsUrl + "/#/");
        WebElement row = BROWSER.until(d -> d.findElements(By.xpath("//wfp-workflows//section[contains(@class, 'published')]"
                + "//tbody/tr[td[1][.='" + WORKFLOW + "']]")).stream().findFirst().orElse(null));
        assertThat(row.getText()).contains("serving", "v1.0.0", "v1.0.0 100%");
        assertThat(row.findElement(By.xpath("td[5]")).getText()).matches("(idle|healthy) — .+");
        BROWSER.screenshot("06b-workflows-published");
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
        assertThat(BROWSER.find("dialog[open] .diff-list").getText()).isEqualTo("changed node compose: expression");
        assertThat(BROWSER.driver().findElement(By.cssSelector("dialog[open] .diff h4")).getText()).isEqualTo("Nodes changed from v1.0.0");
        BROWSER.screenshot("04b-publish-dialog-diff");
        BROWSER.driver().findElement(By.cssSelector("dialog[open] button[type=submit]")).click();
        BROWSER.find("wfp-deployment[data-state=succeeded]");
        assertThat(BROWSER.find("wfp-deployment .pod-start").getText()).startsWith("Pod start warm:");

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

        BROWSER.driver().get(httpsUrl + "/#/w/" + WORKFLOW + "/deployments");
        List<WebElement> rows = BROWSER.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("wfp-deployments > .scroll > table > tbody > tr"));
            return found.size() >= 2 ? found : null;
        });
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("v1.0.1", "canary:20", "succeeded", "done", "admin");
        assertThat(rows.get(1).getText()).contains("v1.0.0", "all", "succeeded");
        WebElement steps = BROWSER.driver().findElement(By.cssSelector("wfp-deployments details.deployment-steps"));
        steps.findElement(By.tagName("summary")).click();
        assertThat(steps.getText()).contains("v1.0.1").contains("ensure_pod", "health_check", "route").contains("succeeded");
        BROWSER.screenshot("08b-deployments");
    }

    @Test
    @Order(6)
    void pods_atPhoneWidth_listTheProductionPodWithoutSidewaysScrolling() {
        BROWSER.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        BROWSER.driver().get(httpsUrl + "/#/pods");
        assertThat(BROWSER.find("wfp-pods table").getText()).contains("local");
        assertThat((Long) BROWSER.script("return document.documentElement.scrollWidth - window.innerWidth")).isLessThanOrEqualTo(0L);
        BROWSER.screenshot("09-pods-phone");
        BROWSER.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
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
    void dashboard_afterProductionCalls_showsTheReleasesFiguresMoveWithHealthUptimeAlertsAndDeployments() throws Exception {
        BROWSER.driver().get(httpsUrl + "/#/w/" + WORKFLOW + "/dashboard");
        BROWSER.find("wfp-dashboard .health-state");
        long before = dashboardCalls("v1.0.0");
        for (int i = 0; i < 12; i++) {
            assertThat(call(httpsUrl + "/w/" + WORKFLOW).statusCode()).isEqualTo(200);
        }
        // Telemetry is written once a second: refresh until the calls are counted.
        BROWSER.until(d -> {
            BROWSER.driver().findElement(By.xpath("//wfp-dashboard//button[normalize-space()='Refresh']")).click();
            return dashboardCalls("v1.0.0") >= before + 12 ? true : null;
        });
        // A refresh clicked last may still be answering: read the screen once it has landed.
        BROWSER.until(d -> "false".equals(d.findElement(By.cssSelector("wfp-dashboard [aria-busy]")).getAttribute("aria-busy")) ? true : null);
        WebElement dashboard = BROWSER.find("wfp-dashboard");
        assertThat(BROWSER.find("wfp-dashboard .health-state").getText()).isIn("healthy", "idle", "degraded", "failing");
        assertThat(BROWSER.find("wfp-dashboard .health-reason").getText()).isNotBlank();
        assertThat(dashboard.getText()).contains("Uptime", "Alerts", "Recent deployments");
        assertThat(BROWSER.find("wfp-dashboard .recent-deployments tbody tr").getText()).contains("v1.0.1", "canary:20", "succeeded");
        assertThat(BROWSER.driver().findElements(By.cssSelector("wfp-dashboard figure.chart canvas"))).hasSize(3);
        assertThat(BROWSER.driver().findElements(By.id("injected-notes"))).isEmpty();
        BROWSER.screenshot("10-dashboard");

        new Select(BROWSER.driver().findElement(By.xpath("//wfp-dashboard//label[text()='Range']/following-sibling::select"))).selectByValue("24h");
        BROWSER.until(d -> dashboardCalls("v1.0.0") >= before + 12 ? true : null);
    }

    @Test
    @Order(8)
    void errors_afterFailingCalls_groupTheFailuresFirstSeenInTheirReleaseAndOpenOneExecutionsStackTrace() throws Exception {
        ControlApi.of(platform, dataDir).publish(FAILING, "v1.0.0", failingWorkflow(), "all");
        for (String name : List.of("Ada", "boom", "Grace", "boom", "boom")) {
            HttpResponse<String> answer = call(httpsUrl + "/w/" + FAILING, name);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(name.equals("boom") ? 500 : 200);
        }
        BROWSER.driver().get(httpsUrl + "/#/w/" + FAILING + "/errors");
        // Telemetry is written once a second: search again until the group has its three failures.
        BROWSER.until(d -> {
            d.findElement(By.xpath("//wfp-errors//button[normalize-space()='Search']")).click();
            List<WebElement> rows = d.findElements(By.xpath("//wfp-errors//table[caption[starts-with(., 'Failures grouped')]]/tbody/tr"));
            return rows.size() == 1 && rows.getFirst().findElements(By.tagName("td")).get(1).getText().equals("3") ? true : null;
        });
        // The screen re-renders after each search: read the group once the last one has landed.
        Object group = BROWSER.until(d -> BROWSER.script("const row = document.querySelector('wfp-errors table tbody tr');"
                + "return row && document.querySelector('wfp-errors').getAttribute('aria-busy') !== 'true' ? {"
                + " text: row.innerText, firstSeenIn: row.querySelector('.first-seen-in').textContent,"
                + " trend: row.querySelector('.trend').getAttribute('aria-label'), rollback: row.querySelector('details summary').textContent } : null;"));
        assertThat(group).asString().contains("expression.evaluation", "at node check", HOSTILE_ERROR)
                .contains("firstSeenIn=v1.0.0").contains("oldest first").contains("rollback=Roll back to the release before");
        assertThat(BROWSER.driver().findElements(By.id("injected-error"))).isEmpty();
        BROWSER.screenshot("11-errors");

        WebElement search = BROWSER.driver().findElement(By.xpath("//wfp-errors//label[text()='Search']/following-sibling::input"));
        search.sendKeys("boom");
        new Select(BROWSER.driver().findElement(By.xpath("//wfp-errors//label[text()='Status']/following-sibling::select"))).selectByValue("failed");
        button("Search").click();
        BROWSER.until(d -> executionRows().size() == 3 ? true : null);
        executionRows().getFirst().findElement(By.cssSelector("a")).click();

        WebElement execution = BROWSER.find("wfp-execution pre.stack");
        assertThat(execution.getText()).contains("ExpressionEvaluationException").contains("at ");
        assertThat(BROWSER.find("wfp-execution pre.input").getText()).contains("boom");
        assertThat(BROWSER.find("wfp-execution").getText()).contains("expression.evaluation", "failed", "500", HOSTILE_ERROR, "check");
        assertThat(BROWSER.driver().findElements(By.id("injected-error"))).isEmpty();
        BROWSER.screenshot("12-execution");
    }

    @Test
    @Order(9)
    void dashboard_whenAReleaseKeepsFailing_showsTheAlertFiringWithItsReasonThenResolvedAfterARollback() throws Exception {
        ControlApi api = ControlApi.of(platform, dataDir);
        String payments = failingWorkflow().replace("\"id\": \"checkout\"", "\"id\": \"payments\"");
        api.publish(ALERTING, "v1.0.0", payments.replace("'ok'", "'fine'"), "all");
        HttpResponse<String> rules = api.send("PUT", "/api/v1/workflows/" + ALERTING + "/alert-rules",
                "{\"maxErrorRatePercent\": 20, \"errorRateWindowSeconds\": 10, \"minCalls\": 3}");
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(200);
        api.publish(ALERTING, "v1.0.1", payments, "all");
        for (int i = 0; i < 4; i++) {
            assertThat(call(httpsUrl + "/w/" + ALERTING, "boom").statusCode()).isEqualTo(500);
        }

        BROWSER.driver().get(httpsUrl + "/#/w/" + ALERTING + "/dashboard");
        // The monitor judges every 2 s: refresh until it has fired.
        WebElement firing = BROWSER.until(d -> {
            d.findElement(By.xpath("//wfp-dashboard//button[normalize-space()='Refresh']")).click();
            return d.findElements(By.xpath("//wfp-dashboard//table[caption[.='Firing']]//tbody/tr")).stream().findFirst().orElse(null);
        });
        BROWSER.until(d -> "false".equals(d.findElement(By.cssSelector("wfp-dashboard [aria-busy]")).getAttribute("aria-busy")) ? true : null);
        firing = BROWSER.driver().findElement(By.xpath("//wfp-dashboard//table[caption[.='Firing']]//tbody/tr"));
        assertThat(firing.getText()).contains("error_rate", "v1.0.1").containsPattern("error rate 100\\.0% over the last 10s \\(\\d+ of \\d+ calls\\) is above 20%");
        assertThat(BROWSER.find("wfp-dashboard .health-state").getText()).isEqualTo("failing");
        assertThat(BROWSER.find("wfp-dashboard .health-reason").getText()).contains("error_rate").contains("v1.0.1");
        BROWSER.script("arguments[0].scrollIntoView()", firing);
        BROWSER.screenshot("10b-dashboard-alert-firing");

        BROWSER.driver().get(httpsUrl + "/#/w/" + ALERTING + "/traffic");
        labelled("wfp-traffic", "Reason", "input").sendKeys("error rate alert on v1.0.1");
        new Select(labelled("wfp-traffic", "Back to", "select")).selectByValue("v1.0.0");
        button("Roll back").click();
        assertThat(BROWSER.find("wfp-traffic .status .ok").getText()).startsWith("Rolled back to v1.0.0");

        BROWSER.driver().get(httpsUrl + "/#/w/" + ALERTING + "/dashboard");
        // The alert resolves once the failing release's 10 s window holds too few calls to judge.
        WebElement resolved = BROWSER.until(d -> {
            d.findElement(By.xpath("//wfp-dashboard//button[normalize-space()='Refresh']")).click();
            return d.findElements(By.xpath("//wfp-dashboard//table[caption[.='Resolved']]//tbody/tr")).stream().findFirst().orElse(null);
        });
        BROWSER.until(d -> "false".equals(d.findElement(By.cssSelector("wfp-dashboard [aria-busy]")).getAttribute("aria-busy")) ? true : null);
        assertThat(BROWSER.find("wfp-dashboard").getText()).contains("No alert is firing.");
        resolved = BROWSER.driver().findElement(By.xpath("//wfp-dashboard//table[caption[.='Resolved']]//tbody/tr"));
        assertThat(resolved.getText()).contains("error_rate", "v1.0.1", "above 20%");
        assertThat(BROWSER.find("wfp-dashboard .health-state").getText()).isNotEqualTo("failing");
        BROWSER.script("arguments[0].scrollIntoView()", resolved);
        BROWSER.screenshot("10c-dashboard-alert-resolved");
    }

    @Test
    @Order(10)
    void keys_createdKeyIsShownOnceWorksRotatesToANewOneAndTheOldRevokedIsRefused() throws Exception {
        BROWSER.driver().get(httpsUrl + "/#/p/local/default/keys");
        BROWSER.find("wfp-project table");
        labelled("wfp-project", "Name", "input").sendKeys(HOSTILE_KEY_NAME);
        button("Create key").click();
        assertThat(BROWSER.find("wfp-project .status .problem").getText()).contains("key.invalid-name", HOSTILE_KEY_NAME);
        assertThat(BROWSER.driver().findElements(By.id("injected-key"))).isEmpty();
        labelled("wfp-project", "Name", "input").clear();
        labelled("wfp-project", "Name", "input").sendKeys(KEY_NAME);
        button("Create key").click();
        String key = BROWSER.find("wfp-project .once input").getAttribute("value");
        assertThat(key).startsWith("wfp_live_");
        assertThat(BROWSER.find("wfp-project .once").getText()).contains("cannot be shown again");
        assertThat(call(httpsUrl + "/w/" + WORKFLOW, "Grace", key).statusCode()).isEqualTo(200);
        BROWSER.screenshot("13-key-created");

        BROWSER.driver().navigate().refresh();
        WebElement row = BROWSER.until(d -> d.findElements(By.xpath("//wfp-project//tbody/tr[td[2][.=" + xpathLiteral(KEY_NAME) + "]]"))
                .stream().findFirst().orElse(null));
        assertThat(BROWSER.driver().getPageSource()).doesNotContain(key);
        assertThat(row.getText()).contains("active");
        row.findElement(By.xpath(".//button[normalize-space()='Rotate']")).click();
        String rotated = BROWSER.find("wfp-project .once input").getAttribute("value");
        assertThat(rotated).startsWith("wfp_live_").isNotEqualTo(key);
        assertThat(BROWSER.find("wfp-project .once").getText()).startsWith("Rotated: new key");
        assertThat(call(httpsUrl + "/w/" + WORKFLOW, "Grace", rotated).statusCode()).isEqualTo(200);
        BROWSER.driver().findElement(By.xpath("//wfp-project//*[contains(@class, 'once')]//button[normalize-space()='I have stored it']")).click();
        assertThat(BROWSER.driver().findElements(By.cssSelector("wfp-project .once"))).isEmpty();
        row = BROWSER.until(d -> d.findElements(By.xpath("//wfp-project//tbody/tr[td[2][.=" + xpathLiteral(KEY_NAME) + "] and contains(., 'replaced by')]"))
                .stream().findFirst().orElse(null));
        row.findElement(By.xpath(".//button[normalize-space()='Revoke']")).click();
        row.findElement(By.xpath(".//button[normalize-space()='Yes, revoke']")).click();
        BROWSER.until(d -> d.findElement(By.cssSelector("wfp-project .status")).getText().startsWith("Revoked") ? true : null);
        assertThat(BROWSER.driver().findElement(By.xpath("//wfp-project//tbody/tr[td[2][.=" + xpathLiteral(KEY_NAME) + "] and contains(., 'replaced by')]")).getText())
                .contains("revoked");
        assertThat(call(httpsUrl + "/w/" + WORKFLOW, "Grace", key).statusCode()).isEqualTo(401);
        assertThat(call(httpsUrl + "/w/" + WORKFLOW, "Grace", rotated).statusCode()).isEqualTo(200);
        BROWSER.screenshot("14-key-revoked");
    }

    @Test
    @Order(11)
    void membersAndSecrets_addAMemberAndSetASecret_listThemAndNeverShowTheValue() throws Exception {
        HttpResponse<String> person = ControlApi.of(platform, dataDir).send("POST", "/api/v1/people", "{\"id\": \"dev\"}");
        assertThat(person.statusCode()).as(person.body()).isEqualTo(201);
        devToken = ControlApi.json(person.body()).path("token").path("token").asText();
        BROWSER.driver().get(httpsUrl + "/#/p/local/default/members");
        BROWSER.find("wfp-project form");
        labelled("wfp-project", "Person", "input").sendKeys("dev");
        new Select(labelled("wfp-project", "Role", "select")).selectByValue("developer");
        button("Add or change role").click();
        BROWSER.until(d -> d.findElement(By.cssSelector("wfp-project .status")).getText().contains("dev is now developer") ? true : null);
        assertThat(BROWSER.find("wfp-project table").getText()).contains("dev").contains("developer");
        BROWSER.screenshot("15-members");
        assertThat(ControlApi.of(platform, dataDir).send("POST", "/api/v1/people", "{\"id\": \"ops\"}").statusCode()).isEqualTo(201);
        labelled("wfp-project", "Person", "input").sendKeys("ops");
        button("Add or change role").click();
        BROWSER.until(d -> d.findElement(By.cssSelector("wfp-project .status")).getText().contains("ops is now viewer") ? true : null);
        WebElement ops = BROWSER.driver().findElement(By.xpath("//wfp-project//tbody/tr[td[1][.='ops']]"));
        ops.findElement(By.xpath(".//button[normalize-space()='Remove']")).click();
        ops.findElement(By.xpath(".//button[normalize-space()='Yes, remove']")).click();
        BROWSER.until(d -> d.findElement(By.cssSelector("wfp-project .status")).getText().contains("ops removed") ? true : null);
        assertThat(BROWSER.find("wfp-project table").getText()).doesNotContain("ops").contains("dev");

        BROWSER.driver().get(httpsUrl + "/#/p/local/default/secrets");
        BROWSER.find("wfp-project form");
        labelled("wfp-project", "Name", "input").sendKeys("crm");
        labelled("wfp-project", "Value", "input").sendKeys("s3cret-value-never-shown");
        button("Set secret").click();
        BROWSER.until(d -> d.findElement(By.cssSelector("wfp-project .status")).getText().contains("crm set") ? true : null);
        assertThat(BROWSER.find("wfp-project table").getText()).contains("crm");
        assertThat(BROWSER.driver().getPageSource()).doesNotContain("s3cret-value-never-shown");
        BROWSER.screenshot("16-secrets");
    }

    @Test
    @Order(12)
    void audit_searchByAction_findsTheKeyCreatedWithItsNameAsTextAndVerifiesTheChain() {
        BROWSER.driver().get(httpsUrl + "/#/audit");
        BROWSER.find("wfp-audit table");
        labelled("wfp-audit", "Action", "input").sendKeys("/keys");
        labelled("wfp-audit", "Principal", "input").sendKeys("admin");
        button("Search").click();
        BROWSER.until(d -> {
            String text = d.findElement(By.cssSelector("wfp-audit table")).getText();
            return text.contains("POST /api/v1/projects/{user}/{project}/keys") && text.contains(KEY_NAME)
                    && !text.contains("GET /api/v1/pods") ? true : null;
        });
        labelled("wfp-audit", "Action", "input").clear();
        labelled("wfp-audit", "Action", "input").sendKeys("/rollback");
        button("Search").click();
        BROWSER.until(d -> d.findElement(By.cssSelector("wfp-audit table")).getText().contains(HOSTILE_REASON) ? true : null);
        assertThat(BROWSER.driver().findElements(By.id("injected-reason"))).isEmpty();
        button("Verify the hash chain").click();
        assertThat(BROWSER.find("wfp-audit .verdict").getText()).startsWith("Intact: all");
        BROWSER.screenshot("17-audit");
    }

    @Test
    @Order(13)
    void newScreens_atPhoneWidth_fitWithLabelledControlsAndAVisibleFocus() {
        BROWSER.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String[] screen : new String[][] {
                    {"/#/", "wfp-workflows .published table", "18a-workflows-phone"},
                    {"/#/w/" + WORKFLOW + "/deployments", "wfp-deployments table", "18b-deployments-phone"},
                    {"/#/w/" + WORKFLOW + "/traffic", "wfp-traffic table", "18c-traffic-phone"},
                    {"/#/w/" + WORKFLOW + "/dashboard", "wfp-dashboard figure.chart", "18-dashboard-phone"},
                    {"/#/w/" + FAILING + "/errors", "wfp-errors table", "19-errors-phone"},
                    {"/#/p/local/default/keys", "wfp-project table", "20-keys-phone"},
                    {"/#/audit", "wfp-audit table", "21-audit-phone"}}) {
                BROWSER.driver().get(httpsUrl + screen[0]);
                BROWSER.find(screen[1]);
                assertThat((Long) BROWSER.script("return document.documentElement.scrollWidth - window.innerWidth"))
                        .as("%s overflows sideways; elements wider than the window: %s", screen[0], BROWSER.script(
                                "return Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > window.innerWidth)"
                                + ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"))
                        .isLessThanOrEqualTo(0L);
                assertThat(BROWSER.script("return Array.from(document.querySelectorAll('main input, main select, main textarea'))"
                        + ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')).map(c => c.outerHTML)"))
                        .as("controls without a label on " + screen[0]).isEqualTo(List.of());
                assertThat(BROWSER.script(LOW_CONTRAST_TEXT)).as("text below a 4.5:1 contrast on " + screen[0]).isEqualTo(List.of());
                BROWSER.screenshot(screen[2]);
            }
            BROWSER.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            assertThat(BROWSER.script("return getComputedStyle(document.activeElement).outlineStyle")).isNotEqualTo("none");
        } finally {
            BROWSER.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    @Test
    @Order(14)
    void signIn_asADeveloperWithTheirToken_showsWhoAndTheirProjectButTheKeysAreRefused() {
        assertThat(BROWSER.find("#who").getText()).isEqualTo("Signed in as the administrator");
        BROWSER.find("#sign-out").click();
        WebElement token = BROWSER.find("wfp-sign-in input[type=password]");
        token.sendKeys(devToken);
        BROWSER.driver().findElement(By.cssSelector("wfp-sign-in button[type=submit]")).click();
        assertThat(BROWSER.find("wfp-workflows h1").getText()).isEqualTo("Projects and workflows");
        assertThat(BROWSER.find("#who").getText()).isEqualTo("Signed in as dev");

        BROWSER.driver().get(httpsUrl + "/#/projects");
        assertThat(BROWSER.find("wfp-projects table").getText()).contains("local/default").contains("developer");
        BROWSER.driver().get(httpsUrl + "/#/p/local/default/keys");
        assertThat(BROWSER.find("wfp-project .problem").getText()).contains("auth.forbidden");
        assertThat(BROWSER.script("return localStorage.length")).isEqualTo(0L);
        BROWSER.screenshot("22-developer-refused-keys");
    }

    @Test
    @Order(99)
    void consoleLog_afterEveryScreen_holdsNoContentSecurityPolicyViolationOrScriptError() {
        List<String> log = BROWSER.consoleLog();
        assertThat(log).noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to"))
                .noneMatch(line -> line.contains("Uncaught"));
    }

    /**
     * The visible elements whose own text has less than WCAG's 4.5:1 contrast with the first opaque
     * background behind them (tag, class, ratio and text), at most ten.
     */
    private static final String LOW_CONTRAST_TEXT = """
            const luminance = color => {
              const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map(v => {
                v = Number(v) / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const background = e => {
              for (; e; e = e.parentElement) {
                const c = getComputedStyle(e).backgroundColor, parts = c.match(/[\\d.]+/g);
                if (parts && (parts.length < 4 || Number(parts[3]) > 0.5)) return c;
              }
              return 'rgb(255, 255, 255)';
            };
            return Array.from(document.querySelectorAll('body *'))
              .filter(e => e.getClientRects().length && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
              .map(e => {
                const a = luminance(getComputedStyle(e).color), b = luminance(background(e));
                const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                return ratio < 4.5 ? e.tagName + '.' + e.className + ' ' + ratio.toFixed(2) + ' ' + e.textContent.trim().slice(0, 40) : null;
              }).filter(Boolean).slice(0, 10);
            """;

    private static WebElement button(String text) {
        return BROWSER.until(d -> d.findElements(By.xpath("//main//button[normalize-space()='" + text + "']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static HttpResponse<String> call(String url) throws Exception {
        return call(url, "Grace");
    }

    private static HttpResponse<String> call(String url, String name) throws Exception {
        return call(url, name, apiKey);
    }

    private static HttpResponse<String> call(String url, String name, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A workflow that fails at its node {@code check} when the name is "boom", with markup in its error message. */
    private static String failingWorkflow() {
        return """
                {
                  "format": 1, "id": "checkout", "name": "Checkout",
                  "nodes": [
                    { "id": "visitor", "type": "trigger.http",
                      "config": { "method": "POST", "auth": "apiKey",
                                  "inputSchema": { "type": "object", "required": ["name"],
                                                   "properties": { "name": { "type": "string", "minLength": 1 } } },
                                  "example": { "name": "Ada" } } },
                    { "id": "check", "type": "transform",
                      "config": { "expression": "input.name = 'boom' ? $error('%s') : input" } },
                    { "id": "reply", "type": "respond", "config": { "status": 200, "body": "{ 'ok': input.name }" } }
                  ],
                  "edges": [ { "from": "visitor", "to": "check" }, { "from": "check", "to": "reply" } ]
                }""".formatted(HOSTILE_ERROR);
    }

    /** The calls the dashboard's per-release table shows for {@code version} (0 when it has no row). */
    private static long dashboardCalls(String version) {
        Object calls = BROWSER.script("const t = Array.from(document.querySelectorAll('wfp-dashboard table'))"
                + ".find(t => t.caption && t.caption.textContent.startsWith('Per release'));"
                + "const row = t && Array.from(t.tBodies[0].rows).find(r => r.cells[0].textContent === arguments[0]);"
                + "return row ? Number(row.cells[1].textContent) : 0;", version);
        return ((Number) calls).longValue();
    }

    private static List<WebElement> executionRows() {
        return BROWSER.driver().findElements(By.xpath("//wfp-errors//table[caption[starts-with(., 'Newest first')]]/tbody/tr"));
    }

    /** The control a label names inside {@code screen}. */
    private static WebElement labelled(String screen, String label, String control) {
        return BROWSER.until(d -> d.findElements(By.xpath("//" + screen + "//label[text()='" + label + "']/following-sibling::" + control))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static String xpathLiteral(String text) {
        return "concat('" + text.replace("'", "',\"'\",'") + "', '')";
    }
}
