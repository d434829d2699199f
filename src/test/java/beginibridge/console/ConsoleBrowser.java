package beginibridge.console;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for a test class, from Debian's {@code chromium} and {@code chromium-driver} packages so that
 * Selenium downloads nothing; with the page's requests recorded (a wrapped fetch) and its console read.
 * Without those packages the tests are skipped, unless {@code TEST_BROWSER_REQUIRED=true} (as .ci/run sets it) or
 * {@code CI=true}.
 */
final class ConsoleBrowser implements AutoCloseable {

    /** Debian's paths for the two packages. */
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Wraps fetch so that a test can count what the page asked the API for; it survives fragment changes. */
    private static final String RECORD_REQUESTS = """
            if (!window.recordedRequests) {
                window.recordedRequests = [];
                const fetchOfThePage = window.fetch;
                window.fetch = function (url, init) {
                    window.recordedRequests.push({method: (init && init.method) || 'GET', url: String(url)});
                    return fetchOfThePage.apply(this, arguments);
                };
            }
            window.recordedRequests.length = 0;
            """;

    final ChromeDriver driver;
    private final ChromeDriverService service;

    private ConsoleBrowser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static ConsoleBrowser start(Path downloads) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "the console's browser tests need Debian's chromium and chromium-driver (" + CHROMIUM
                    + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver";
            if (Boolean.parseBoolean(System.getenv("TEST_BROWSER_REQUIRED"))
                    || Boolean.parseBoolean(System.getenv("CI"))) {
                fail(missing);
            }
            assumeTrue(false, missing);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--no-first-run", "--disable-extensions", "--lang=en");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ConsoleBrowser(service, new ChromeDriver(service, options));
    }

    /** Loads a page; the class's tests then stay in it, so its resource timings cover the whole session. */
    void open(String url) {
        driver.get(url);
        script("performance.setResourceTimingBufferSize(100000)");
    }

    /** Changes the fragment as a click on a link would: the page stays, so does the request log. */
    void go(String fragment) {
        script("window.location.hash = arguments[0]", fragment);
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitUntilGone(By by) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Starts (or restarts) recording the page's API calls. */
    void recordRequests() {
        script(RECORD_REQUESTS);
    }

    /** What the page fetched since {@link #recordRequests()}, as "METHOD url". */
    @SuppressWarnings("unchecked")
    List<String> requests() {
        List<Map<String, String>> recorded = (List<Map<String, String>>) script("return window.recordedRequests");
        return recorded.stream().map(request -> request.get("method") + " " + request.get("url")).toList();
    }

    /** Every URL the page loaded or fetched since it was opened, from its resource timing entries. */
    @SuppressWarnings("unchecked")
    List<String> loadedUrls() {
        return (List<String>) script("return performance.getEntries()"
                + ".filter(entry => entry.entryType === 'resource' || entry.entryType === 'navigation')"
                + ".map(entry => entry.name)");
    }

    /** The console messages at SEVERE (errors, CSP violations, failed loads) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    boolean alertShown() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException none) {
            return false;
        }
    }

    /** Saves what the browser shows into -Dconsole.screenshots (docs, to refresh the README's), else target/. */
    void screenshot(String name) throws IOException {
        Path directory = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
        Files.createDirectories(directory);
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), directory.resolve("console-" + name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
