package io.switchboard.systemtests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The browser side of management, in Debian's headless Chromium driven through its chromedriver:
 * the wallboard of a forked distribution follows the events posted to it, and the standalone
 * Hawtio console, pointed at the server's Jolokia with an administrator's credentials, shows
 * Switchboard's MBeans and their attributes. Both share one server and one browser, so the
 * class costs one server start. Skipped where chromedriver is not installed
 * ({@code apt-get install chromium chromium-driver}).
 */
public class ManagementBrowserIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration UI = Duration.ofSeconds(60);

    private static ForkedServer server;
    private static ChromeDriver browser;
    private static int seq;

    /** On failure: what the browser showed, for the report directory. */
    @Rule
    public final TestWatcher evidence = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description d) {
            if (browser == null) {
                return;
            }
            try {
                Path dir = Files.createDirectories(Path.of("target/browser"));
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(),
                        dir.resolve(d.getMethodName() + ".png"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(dir.resolve(d.getMethodName() + ".html"), browser.getPageSource());
            } catch (Exception ignored) {
                // the failure itself is what counts
            }
        }
    };

    @BeforeClass
    public static void serverAndBrowser() throws Exception {
        Assume.assumeTrue("no " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)",
                Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM));
        server = ForkedServer.create(Path.of("target/browser/server"), new ForkedServer.Options()).start();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // root in CI has no user namespace for Chromium's sandbox; /dev/shm is small in containers
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1600,1120", "--hide-scrollbars");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(UI);
    }

    @AfterClass
    public static void close() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A test starts in one window (Hawtio opens a connection in a window of its own). */
    private static void oneWindow() {
        List<String> handles = new ArrayList<>(browser.getWindowHandles());
        for (String h : handles.subList(1, handles.size())) {
            browser.switchTo().window(h).close();
        }
        browser.switchTo().window(handles.get(0));
    }

    // ---- the wallboard ----

    @Test
    public void wallboardTilesShowTheStatisticsAndFollowTheEvents() throws Exception {
        oneWindow();
        browser.get("http://127.0.0.1:" + server.httpPort() + "/wallboard/");
        awaitText("the wallboard's stream", By.id("status"), "live");
        // nothing happened in tenant demo yet: the figures are there, at zero
        awaitText("sales' calls waiting", stat("sales.waiting"), "0");
        awaitText("ready agents", stat("demo.ready"), "0");
        assertEquals("LoggedOut", agent("agent-001").getAttribute("data-state"));

        List<String> logins = new ArrayList<>();
        for (int a = 1; a <= 8; a++) {
            String agent = String.format("\"agent\":\"agent-%03d\",\"dn\":\"%d\"", a, 1000 + a);
            logins.add(event("AgentLogin", agent + ",\"place\":\"place-" + String.format("%03d", a) + "\""));
            logins.add(event(a <= 6 ? "AgentReady" : "AgentNotReady", agent));
        }
        post(logins);
        awaitText("six ready agents", stat("demo.ready"), "6");
        awaitText("two not ready", stat("demo.notready"), "2");
        awaitAttribute("agent-001 ready", "agent-001", "WaitForNextCall");

        post(List.of(call("CallQueued", "c1", "sales"), call("CallQueued", "c2", "sales"),
                call("CallQueued", "c3", "sales"), call("CallQueued", "c4", "support"),
                call("CallQueued", "c5", "billing")));
        awaitText("three calls waiting at sales", stat("sales.waiting"), "3");
        awaitText("one at support", stat("support.waiting"), "1");

        String agent1 = ",\"agent\":\"agent-001\",\"dn\":\"1001\"";
        String agent2 = ",\"agent\":\"agent-002\",\"dn\":\"1002\"";
        post(List.of(divert("c1", "sales", "1001"), callAt("CallRinging", "c1", agent1),
                callAt("CallEstablished", "c1", agent1),
                divert("c4", "support", "1002"), callAt("CallRinging", "c4", agent2),
                callAt("CallEstablished", "c4", agent2)));
        awaitText("the answered call leaves sales' queue", stat("sales.waiting"), "2");
        awaitText("two agents talking", stat("demo.talking"), "2");
        awaitText("four still ready", stat("demo.ready"), "4");
        awaitAttribute("agent-001 talking", "agent-001", "CallInbound");
        // the oldest waiting call's age ticks on the page between notifications
        Poll.until("sales' oldest waiting to tick", UI, () -> text(stat("sales.oldest")).matches("\\d+:\\d\\d")
                && !text(stat("sales.oldest")).equals("0:00"));

        screenshot("wallboard.screenshot");
    }

    private static String event(String type, String more) {
        seq++;
        return "{\"type\":\"" + type + "\",\"ts\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                + "\",\"source\":\"browser-it\",\"seq\":" + seq + ",\"tenant\":\"demo\"," + more + "}";
    }

    private static String call(String type, String call, String queue) {
        return event(type, "\"call\":\"" + call + "\",\"queue\":\"" + queue + "\"");
    }

    private static String callAt(String type, String call, String agent) {
        return event(type, "\"call\":\"" + call + "\"" + agent);
    }

    private static String divert(String call, String queue, String dn) {
        return event("CallDiverted", "\"call\":\"" + call + "\",\"queue\":\"" + queue + "\",\"dn\":\"" + dn + "\"");
    }

    private static void post(List<String> lines) throws Exception {
        Http.Response r = server.http().post("/api/v1/events", String.join("\n", lines)).expect(200);
        assertEquals(r.body(), lines.size(), r.json().get("accepted").asInt());
    }

    private static By stat(String key) {
        return By.cssSelector("[data-stat='" + key + "']");
    }

    private static WebElement agent(String id) {
        return browser.findElement(By.cssSelector("[data-agent='" + id + "']"));
    }

    private static void awaitAttribute(String what, String agentId, String state) throws Exception {
        Poll.until(what, UI, () -> state.equals(agent(agentId).getAttribute("data-state")));
    }

    /** Saves what the browser shows where the system property names (the README's pictures). */
    private static void screenshot(String property) throws IOException {
        String target = System.getProperty(property);
        if (target == null || target.isBlank()) {
            return;
        }
        Path to = Path.of(target);
        Files.createDirectories(to.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- Hawtio over Jolokia ----

    @Test
    public void hawtioShowsSwitchboardMBeansThroughTheServersJolokia() throws Exception {
        Path jar = Path.of(System.getProperty("hawtio.app", "target/hawtio/hawtio-app.jar"));
        assertTrue("no Hawtio at " + jar + " (the build copies it)", Files.isRegularFile(jar));
        int port = ForkedServer.freePorts(1)[0];
        Path log = Files.createDirectories(Path.of("target/browser")).resolve("hawtio.log");
        // the one command of the README's tour, on a free port
        Process hawtio = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhawtio.authenticationEnabled=false", "-Dhawtio.proxyAllowlist=localhost,127.0.0.1",
                "-jar", jar.toAbsolutePath().toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = "http://localhost:" + port + "/hawtio";
            Http plain = new Http(base, null, null);
            Poll.until("Hawtio to serve its page", Duration.ofMinutes(2), Duration.ofMillis(500), () -> {
                if (!hawtio.isAlive()) {
                    throw new IllegalStateException("Hawtio ended: " + Files.readString(log));
                }
                try {
                    return plain.get("/").status() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
            oneWindow();
            browser.get(base + "/jvm/connect");
            click(By.xpath("//button[normalize-space()='Add connection']"));
            type(By.id("connection-name"), "switchboard");
            new Select(visible(By.id("connection-scheme"))).selectByVisibleText("http");
            type(By.id("connection-host"), "localhost");
            type(By.id("connection-port"), Integer.toString(server.httpPort()));
            type(By.id("connection-path"), "/jolokia");
            click(By.xpath("//button[@type='submit' and normalize-space()='Add']"));

            Set<String> before = browser.getWindowHandles();
            click(By.xpath("//button[normalize-space()='Connect']"));
            Poll.until("Hawtio's window for the connection", UI, () -> browser.getWindowHandles().size() > before.size());
            for (String h : browser.getWindowHandles()) {
                if (!before.contains(h)) {
                    browser.switchTo().window(h);
                }
            }
            // our Jolokia refuses anonymous requests: Hawtio asks for the credentials of a Karaf administrator
            type(By.id("connection-username"), ForkedServer.USER);
            type(By.id("connection-password"), ForkedServer.PASSWORD);
            click(By.xpath("//button[@type='submit' and normalize-space()='Log In']"));

            // after the login Hawtio reloads the window on the connection; its JMX page then shows the tree
            Poll.until("the login to end", UI, () -> !browser.getCurrentUrl().contains("connect-login"));
            Poll.until("the JMX tree with io.switchboard", UI, Duration.ofSeconds(1), () -> {
                if (displayed(treeNode("io.switchboard"))) {
                    return true;
                }
                for (WebElement jmx : browser.findElements(By.xpath("//a[normalize-space()='JMX']"))) {
                    if (jmx.isDisplayed()) {
                        try {
                            jmx.click();
                        } catch (org.openqa.selenium.WebDriverException reloading) {
                            // the page is being replaced: look again
                        }
                    }
                }
                return false;
            });
            click(treeNode("io.switchboard"));
            click(treeNode("Engine"));
            // the attribute table of io.switchboard:type=Engine, read through the proxy from our Jolokia
            By openStatistics = By.xpath("//tr[td[normalize-space()='Open statistics' or normalize-space()='OpenStatistics']]");
            Poll.until("the Engine MBean's OpenStatistics with its value", UI,
                    () -> displayed(openStatistics) && text(openStatistics).matches("(?s).*Open ?[sS]tatistics\\s+\\d+.*"));
            assertTrue(text(By.tagName("body")), text(By.tagName("body")).contains("Subscriptions"));
            screenshot("hawtio.screenshot");
        } finally {
            hawtio.destroy();
            if (!hawtio.waitFor(30, TimeUnit.SECONDS)) {
                hawtio.destroyForcibly();
            }
        }
    }

    private static By treeNode(String label) {
        return By.xpath("//li[contains(@class,'list-group-item') and normalize-space()='" + label + "']"
                + " | //span[contains(@class,'node') and normalize-space()='" + label + "']");
    }

    // ---- browser helpers, polling the page as a user would look at it ----

    private static WebElement visible(By by) throws Exception {
        WebElement[] found = new WebElement[1];
        Poll.until(by + " on the page", UI, () -> {
            for (WebElement e : browser.findElements(by)) {
                if (e.isDisplayed()) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static boolean displayed(By by) {
        try {
            return browser.findElements(by).stream().anyMatch(WebElement::isDisplayed);
        } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
            return false;
        }
    }

    private static void click(By by) throws Exception {
        Poll.until("a click on " + by, UI, () -> {
            try {
                visible(by).click();
                return true;
            } catch (org.openqa.selenium.WebDriverException stillMoving) {
                // a modal fading in, or Angular replacing the element: look again
                return false;
            }
        });
    }

    private static void type(By by, String text) throws Exception {
        WebElement e = visible(by);
        e.clear();
        e.sendKeys(text);
    }

    private static String text(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }

    private static void awaitText(String what, By by, String expected) throws Exception {
        String[] last = new String[1];
        try {
            Poll.until(what, UI, () -> expected.equals(last[0] = text(by)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": expected '" + expected + "', page shows '" + last[0] + "'", e);
        }
    }
}
