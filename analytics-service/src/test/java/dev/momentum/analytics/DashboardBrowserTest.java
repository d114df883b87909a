package dev.momentum.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.momentum.analytics.support.Feed;
import dev.momentum.analytics.support.JourneyGenerator;
import dev.momentum.contracts.auth.Scope;
import dev.momentum.localstack.Component;
import dev.momentum.localstack.junit.LocalStackTest;
import dev.momentum.localstack.junit.TestStack;
import dev.momentum.support.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} + {@code chromium-driver}) against the real stack
 * loaded with a scenario (random journeys plus a planted cause): what each table and chart shows equals the API's
 * figures, the filters live in the URL, drill-down and the journey work, a refused token is explained. Screenshots
 * go to {@code target/screenshots}. Without chromium the test fails under CI (env {@code CI}) and is skipped elsewhere.
 */
@LocalStackTest({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String PREFIX = TestStack.uniqueName("dashboard");
    static final String COMMITMENTS = TestStack.uniqueName("commitments");
    static final String DEALS = TestStack.uniqueName("deals");
    static final String GROUP = TestStack.uniqueName("dashboard");
    static final ObjectMapper JSON = new ObjectMapper();

    static WebDriver browser;
    static boolean fed;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        registry.add("spring.elasticsearch.uris", () -> TestStack.elasticsearch().url());
        registry.add("spring.kafka.bootstrap-servers", () -> TestStack.kafka().bootstrapServers());
        TestTokens.properties().forEach((key, value) -> registry.add(key, () -> value));
        TestStack.kafka().createTopics(List.of(COMMITMENTS, DEALS, TestStack.uniqueName("dlt")), 3);
        registry.add("momentum.analytics.index-prefix", () -> PREFIX);
        registry.add("momentum.analytics.kafka.commitments-topic", () -> COMMITMENTS);
        registry.add("momentum.analytics.kafka.deals-topic", () -> DEALS);
        registry.add("momentum.analytics.kafka.group-id", () -> GROUP);
    }

    @TestConfiguration
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(JourneyGenerator.NOW, ZoneOffset.UTC);
        }
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run does)";
            if (System.getenv("CI") != null || Boolean.getBoolean("momentum.browser-tests.required")) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1800");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Autowired
    TestRestTemplate http;

    @LocalServerPort
    int port;

    @BeforeEach
    void feedOnce() {
        if (fed) {
            return;
        }
        JourneyGenerator generator = new JourneyGenerator(4242L).generate(120, TestTokens.TENANT).plantedCause(TestTokens.TENANT);
        List<JourneyGenerator.Published> events = new ArrayList<>(generator.events());
        events.sort(Comparator.comparing(p -> p.event().occurredAt()));
        Feed.publish(TestStack.kafka().bootstrapServers(), COMMITMENTS, DEALS, events);
        Feed.awaitCaughtUp(TestStack.kafka().bootstrapServers(), GROUP, Set.of(COMMITMENTS, DEALS), Duration.ofMinutes(3));
        fed = true;
    }

    @Test
    @Order(1)
    void staticFilesAreOpenAndTheApiIsNot() {
        assertThat(http.getForEntity("/", String.class).getBody()).contains("Stall drivers");
        assertThat(http.getForEntity("/webjars/echarts/dist/echarts.min.js", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/api/v1/stalls/by-stage", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    @Order(2)
    void everyViewShowsTheApisFigures() throws Exception {
        open("/?pipeline=buyer-journey&minSupport=3#token=" + token(Scope.ANALYTICS_READ));
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
        JsonNode byStage = api("/api/v1/stalls/by-stage?pipeline=buyer-journey");
        assertTable("stall-map-table", byStage.path("stages"), List.of("stage", "visits", "stalledVisits", "stallRate", "dwellDaysP50"));
        List<Object> bars = script("return echarts.getInstanceByDom(document.getElementById('stall-map-chart')).getOption().series[0].data");
        List<Double> rates = new ArrayList<>();
        byStage.path("stages").forEach(s -> rates.add(s.path("stallRate").isNull() ? null : s.path("stallRate").asDouble()));
        assertThat(bars.stream().map(v -> v instanceof Number n ? n.doubleValue() : null).toList()).isEqualTo(rates);
        shoot("stall-map");

        JsonNode patterns = api("/api/v1/stalls/patterns?pipeline=buyer-journey&minSupport=3");
        assertTable("drivers-table", patterns.path("patterns"), List.of("missedVisits", "stalledVisits", "relativeRisk", "pValue", "qValue"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#drivers-table tbody tr"));
        for (int i = 0; i < rows.size(); i++) {
            JsonNode p = patterns.path("patterns").get(i);
            assertThat(cell(rows.get(i), "key")).isEqualTo(String.join("|", p.path("stage").asText(), p.path("category").asText(),
                    p.path("direction").asText(), p.path("role").asText()));
            assertThat(Double.parseDouble(cell(rows.get(i), "ci95.0"))).isEqualTo(p.path("ci95").get(0).asDouble());
        }
        assertThat(cell(rows.get(0), "key")).as("the planted cause leads").isEqualTo(JourneyGenerator.PLANTED);
        List<Object> interval = script("var s = echarts.getInstanceByDom(document.getElementById('drivers-chart')).getOption().series;"
                + " return s[0].data[s[0].data.length - 1];");
        assertThat(((Number) interval.get(1)).doubleValue()).isEqualTo(patterns.path("patterns").get(0).path("ci95").get(0).asDouble());
        shoot("drivers");

        JsonNode trend = api("/api/v1/stalls/trend?pipeline=buyer-journey&interval=week");
        assertTable("trend-table", trend.path("rows"), List.of("periodStart", "stage", "visits", "stalledVisits", "stallRate"));
        shoot("trend");

        JsonNode atRisk = api("/api/v1/deals/at-risk?pipeline=buyer-journey&minSupport=3&limit=20");
        assertTable("at-risk-table", atRisk.path("deals"), List.of("dealId", "stage", "status", "riskScore"));
        shoot("at-risk");
    }

    @Test
    @Order(3)
    void filtersLiveInTheUrl() throws Exception {
        open("/#token=" + token(Scope.ANALYTICS_READ));
        WebElement segment = browser.findElement(By.name("segment"));
        segment.sendKeys("ENT");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("groupBy"))).selectByValue("owner");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        awaitLoaded();
        assertThat(browser.getCurrentUrl()).contains("segment=ENT").contains("groupBy=owner");
        JsonNode grouped = api("/api/v1/stalls/by-stage?segment=ENT&groupBy=owner");
        assertTable("stall-map-table", grouped.path("stages"), List.of("group", "stage", "visits", "stalledVisits", "stallRate"));
        shoot("stall-map-by-owner");
        // the shared URL shows the same view
        String shared = browser.getCurrentUrl();
        browser.get("about:blank");
        open(shared.replace("http://localhost:" + port, ""));
        assertTable("stall-map-table", grouped.path("stages"), List.of("group", "stage", "visits", "stalledVisits"));
        assertThat(browser.findElement(By.name("segment")).getAttribute("value")).isEqualTo("ENT");

        // a grouped row drills down to its group's visits only, and the link to that drill-down keeps the group
        JsonNode row = null;
        int index = 0;
        for (JsonNode candidate : grouped.path("stages")) {
            if (!candidate.path("group").isNull() && candidate.path("visits").asLong() > 0) {
                row = candidate;
                break;
            }
            index++;
        }
        assertThat(row).as("a grouped row with visits").isNotNull();
        browser.findElements(By.cssSelector("#stall-map-table tbody tr")).get(index)
                .findElement(By.cssSelector("td[data-field=drill] button")).click();
        // the template encodes the values (stage and owner names have spaces)
        JsonNode visits = api("/api/v1/stalls/visits?segment=ENT&stage=" + row.path("stage").asText()
                + "&owner=" + row.path("group").asText() + "&size=20&page=0");
        assertThat(visits.path("total").asLong()).isEqualTo(row.path("visits").asLong());
        String expected = visits.path("total").asLong() + " visits, " + visits.path("stalled").asLong() + " stalled";
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("drill-count")).getText().equals(expected));
        assertThat(browser.getCurrentUrl()).contains("drillGroup=");
        String drillLink = browser.getCurrentUrl();
        browser.get("about:blank");
        open(drillLink.replace("http://localhost:" + port, ""));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("drill-count")).getText().equals(expected));
        assertTable("drill-table", visits.path("visits"), List.of("dealId", "stalled"));
    }

    @Test
    @Order(4)
    void aDriverDrillsDownToItsVisitsAndAJourney() throws Exception {
        open("/?minSupport=3#token=" + token(Scope.ANALYTICS_READ));
        WebElement first = browser.findElements(By.cssSelector("#drivers-table tbody tr")).get(0);
        first.findElement(By.cssSelector("td[data-field=drill] button")).click();
        String pattern = JourneyGenerator.PLANTED;
        JsonNode page0 = api("/api/v1/stalls/visits?pattern=" + pattern + "&size=20&page=0");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("drill-count")).getText()
                .equals(page0.path("total").asLong() + " visits, " + page0.path("stalled").asLong() + " stalled"));
        assertThat(browser.getCurrentUrl()).contains("drill=");
        assertTable("drill-table", page0.path("visits"), List.of("dealId", "stalled", "entryAt"));
        shoot("drill-down");
        JsonNode page1 = api("/api/v1/stalls/visits?pattern=" + pattern + "&size=20&page=1");
        browser.findElement(By.id("drill-next")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("drill-page")).getText().startsWith("page 2"));
        assertTable("drill-table", page1.path("visits"), List.of("dealId", "stalled"));

        String dealId = page1.path("visits").get(0).path("dealId").asText();
        browser.findElement(By.cssSelector("#drill-table tbody tr td[data-field=dealId] a")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("journey-title")).getText().startsWith(dealId));
        JsonNode journey = api("/api/v1/journeys/" + dealId);
        assertTable("journey-visits", journey.path("visits"), List.of("stage", "exit", "stalled"));
        assertTable("journey-commitments", journey.path("commitments"), List.of("commitmentId", "category", "status"));
        assertThat(browser.getCurrentUrl()).contains("deal=" + dealId);
        shoot("journey");
    }

    @Test
    @Order(5)
    void aRefusedTokenIsExplained() throws Exception {
        open("/#token=not-a-jwt");
        WebElement message = browser.findElement(By.id("auth-message"));
        assertThat(browser.findElement(By.id("auth")).isDisplayed()).isTrue();
        assertThat(message.getText()).contains("refused the token (401");
        shoot("refused-token");
        open("/#token=" + token(Scope.DEALS_READ));
        assertThat(browser.findElement(By.id("auth-message")).getText()).contains("analytics:read (403");
        // pasting a good one recovers
        browser.findElement(By.id("token-input")).sendKeys(token(Scope.ANALYTICS_READ));
        browser.findElement(By.id("token-use")).click();
        awaitLoaded();
        assertThat(browser.findElement(By.id("auth")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("tenant")).getText()).isEqualTo("tenant " + TestTokens.TENANT);
    }

    private static String token(Scope scope) {
        return TestTokens.token(TestTokens.TENANT, scope);
    }

    private void open(String path) {
        browser.get("about:blank");
        browser.get("http://localhost:" + port + path);
        awaitLoaded();
    }

    private static void awaitLoaded() {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            String state = d.findElement(By.tagName("body")).getAttribute("data-loaded");
            return "true".equals(state) || "error".equals(state);
        });
    }

    /** Each row of the table holds the API's values (data-value) in the API's order. */
    private static void assertTable(String id, JsonNode expected, List<String> fields) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#" + id + " tbody tr"));
        assertThat(rows).as(id + " rows").hasSize(Math.max(1, expected.size()));
        for (int i = 0; i < expected.size(); i++) {
            for (String field : fields) {
                JsonNode value = expected.get(i).path(field);
                String shown = cell(rows.get(i), field);
                String as = id + " row " + i + " " + field;
                if (value.isNull()) {
                    assertThat(shown).as(as).isNull();
                } else if (value.isNumber()) {
                    assertThat(Double.parseDouble(shown)).as(as).isEqualTo(value.asDouble());
                } else {
                    assertThat(shown).as(as).isEqualTo(value.asText());
                }
            }
        }
    }

    private static String cell(WebElement row, String field) {
        return row.findElement(By.cssSelector("td[data-field='" + field + "']")).getAttribute("data-value");
    }

    @SuppressWarnings("unchecked")
    private static <T> T script(String js) {
        return (T) ((JavascriptExecutor) browser).executeScript(js);
    }

    private static void shoot(String name) throws Exception {
        Path file = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        WebElement section = browser.findElements(By.cssSelector("section:not([hidden])")).stream()
                .filter(s -> s.getAttribute("id") != null && name.startsWith(s.getAttribute("id"))).findFirst().orElse(null);
        if (section != null) {
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true)", section);
            Files.copy(section.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + "-section.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private JsonNode api(String path) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token(Scope.ANALYTICS_READ));
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(response.getStatusCode()).as(path + " " + response.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(response.getBody());
    }
}
