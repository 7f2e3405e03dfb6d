package com.wfp.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * One headless Debian chromium driven through its chromedriver, for the console's E2E: keeps every
 * console message it saw, saves a screenshot per screen under {@code target/console-screens}, and
 * as a JUnit watcher saves the page and its console log when a test fails.
 */
final class ConsoleBrowser implements TestWatcher, AutoCloseable {

    static final Path ARTIFACTS = PlatformProcess.moduleDir().resolve("target/console-screens");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private ChromeDriver driver;
    private final List<String> console = new ArrayList<>();

    ConsoleBrowser open() {
        for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IllegalStateException(program + " is missing: the console E2E needs Debian's chromium and "
                        + "chromium-driver (./wfp test installs them; or apt-get install -y chromium chromium-driver)");
            }
        }
        // A failure saved by an earlier run would otherwise sit beside this run's screens as if it were this run's.
        try (var old = Files.exists(ARTIFACTS) ? Files.list(ARTIFACTS) : java.util.stream.Stream.<Path>empty()) {
            for (Path file : old.filter(f -> f.getFileName().toString().startsWith("FAILED-")).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        // The platform's certificate is self-signed per data directory; the test trusts it as the CLI does.
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        return this;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Every console message so far (level and text), read out of the browser and kept. */
    List<String> consoleLog() {
        if (driver != null) {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        return List.copyOf(console);
    }

    <T> T until(ExpectedCondition<T> condition) {
        // Screens re-render what they show after each answer, so an element read a moment ago may be gone.
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement find(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    /** Sets a text area's value as a paste would and tells the page it changed. */
    void setValue(WebElement element, String value) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                element, value);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(ARTIFACTS);
            Files.write(ARTIFACTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (driver == null) {
            return;
        }
        String name = "FAILED-" + context.getRequiredTestMethod().getName();
        try {
            screenshot(name);
            Files.write(ARTIFACTS.resolve(name + ".console.log"), consoleLog());
            Files.writeString(ARTIFACTS.resolve(name + ".html"), driver.getPageSource());
            System.err.println("console E2E: page, screenshot and console log of the failure in " + ARTIFACTS);
        } catch (RuntimeException | IOException e) {
            System.err.println("console E2E: could not save the failure's artifacts: " + e);
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }
}
