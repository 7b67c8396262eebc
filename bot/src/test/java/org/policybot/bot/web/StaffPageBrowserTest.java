package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.policybot.bot.App;
import org.policybot.bot.RegionalCorpus;
import org.policybot.bot.TestSettings;

/**
 * The staff page in a real browser (Debian's headless Chromium), against the real server:
 * ask, see a cited answer, open a citation, read the passage; search with highlighted
 * words; open the article at the cited passage; see a related answer marked as such, and
 * pick an option of a clarify answer to have the question answered for it. Skipped only when /usr/bin/chromium is absent.
 */
class StaffPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path data;

    @TempDir
    Path profile;

    static App app;
    /** The server over the made-up corpus of two cities, for related and clarify answers. */
    static App regional;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
        app = App.start(TestSettings.of(data, Map.of()), Clock.systemUTC());
        regional = App.start(TestSettings.of(data.resolve("regional"), RegionalCorpus.write(data.resolve("regional-articles")),
                Map.of()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (regional != null) {
            regional.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=zh-CN");
        // The driver path is given, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void should_show_a_cited_answer_and_reveal_the_quoted_passage_when_the_citation_is_clicked() throws Exception {
        // given
        browser.get(app.url());
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("ask-input")));
        String prompt = input.getAttribute("placeholder");

        // when: the question is typed and Enter pressed
        input.sendKeys("重复交的那部分钱能退多少？村里给的集体补助也退吗", Keys.ENTER);
        WebElement cite = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#answer-text button.cite")));
        String answer = browser.findElement(By.id("answer-text")).getText();
        cite.click();

        // then
        assertThat(prompt).isEqualTo("例如：" + app.context().messages().examples().get(0));
        WebElement context = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("citation-context")));
        wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(context, By.cssSelector("mark.quote")));
        String quote = browser.findElement(By.cssSelector(".sources .src-quote")).getText();
        List<WebElement> marks = context.findElements(By.cssSelector("mark.quote"));
        assertThat(answer).contains("[1]");
        assertThat(cite.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(context.getText()).contains(browser.findElement(By.cssSelector(".sources .src-title")).getText()
                .replaceFirst("^\\[1\\] ", ""));
        assertThat(squeeze(quote)).contains(squeeze(marks.get(0).getText()));
        assertThat(context.findElements(By.cssSelector("p.passage-text")).stream().map(WebElement::getText)
                .reduce("", String::concat).length()).isGreaterThan(marks.get(0).getText().length());
        screenshot("staff-page-answer.png");

        // and when: the passage is opened in the whole article
        // (scrolled to the middle first: near the bottom edge a click can land while the page still scrolls)
        WebElement readAll = context.findElement(By.xpath(".//button[contains(., '阅读全文')]"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", readAll);
        wait.until(ExpectedConditions.elementToBeClickable(readAll)).click();

        // then
        WebElement article = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-view")));
        WebElement cited = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#article-body p.in-passage")));
        assertThat(browser.findElement(By.id("article-title")).getText()).isNotBlank();
        assertThat(article.findElements(By.cssSelector("#article-body p")).size())
                .isGreaterThan(article.findElements(By.cssSelector("#article-body p.in-passage")).size());
        assertThat(article.findElements(By.cssSelector("#article-body mark.quote"))).isNotEmpty();
        wait.until(d -> inViewport(cited));
        screenshot("staff-page-article.png");

        // and when: Escape goes back to the answer
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);

        // then
        wait.until(ExpectedConditions.invisibilityOf(article));
        assertThat(browser.findElement(By.id("answer-text")).getText()).isEqualTo(answer);
    }

    @Test
    void should_list_ranked_passages_with_the_query_words_highlighted() throws Exception {
        // given
        browser.get(app.url());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-search"))).click();

        // when
        browser.findElement(By.id("search-input")).sendKeys("口袋公园", Keys.ENTER);

        // then
        List<WebElement> hits = wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#search-results li"), 1));
        WebElement first = hits.get(0);
        assertThat(first.findElement(By.cssSelector(".rank")).getText()).isEqualTo("#1");
        assertThat(first.findElement(By.cssSelector(".hit-title")).getText()).isNotBlank();
        assertThat(first.findElement(By.cssSelector(".meta")).getText()).matches("\\d{4}-\\d{2}-\\d{2}|日期不详");
        assertThat(first.findElements(By.cssSelector("mark"))).isNotEmpty()
                .allSatisfy(m -> assertThat("口袋公园").contains(m.getText()))
                .anySatisfy(m -> assertThat(m.getText()).isEqualTo("口袋公园"));
        screenshot("staff-page-search.png");
    }

    @Test
    void should_mark_an_answer_from_related_sentences_instead_of_calling_it_weak() throws Exception {
        // given
        browser.get(regional.url());
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("ask-input")));

        // when
        input.sendKeys(RegionalCorpus.RELATED, Keys.ENTER);

        // then
        WebElement badge = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".answer .badge.related")));
        assertThat(badge.getText()).isEqualTo("文章未直接说明，以下原文可能相关");
        assertThat(browser.findElements(By.cssSelector(".answer .badge.weak"))).isEmpty();
        assertThat(browser.findElement(By.id("answer-text")).getText()).startsWith("文章没有直接说明").contains("12333");
        assertThat(browser.findElements(By.cssSelector("#answer-text button.cite"))).isNotEmpty();
        screenshot("staff-page-related.png");
    }

    @Test
    void should_offer_the_options_of_a_clarify_answer_and_answer_for_the_one_clicked() throws Exception {
        // given
        browser.get(regional.url());
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("ask-input")));
        input.sendKeys(RegionalCorpus.CLARIFY, Keys.ENTER);
        List<WebElement> options = wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".answer .options button.option"), 2));
        String prompt = browser.findElement(By.id("answer-text")).getText();
        screenshot("staff-page-clarify.png");

        // when: 乙州 is clicked
        assertThat(options).extracting(WebElement::getText).containsExactlyElementsOf(RegionalCorpus.OPTIONS);
        options.get(1).click();

        // then
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("answer-text"), RegionalCorpus.YIZHOU_FIGURE));
        assertThat(prompt).contains("请问您问的是哪里").doesNotContain("1. 甲州");
        assertThat(browser.findElement(By.id("answer-text")).getText()).doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
        assertThat(browser.findElement(By.cssSelector(".answer .follow-up")).getText())
                .isEqualTo("按“乙州”回答：" + RegionalCorpus.CLARIFY);
        assertThat(browser.findElements(By.cssSelector(".answer .options"))).isEmpty();
        screenshot("staff-page-clarify-chosen.png");
    }

    @Test
    void should_say_in_the_article_view_that_a_document_has_expired() throws Exception {
        // given: a made-up rule whose sidecar says it expired, beside one in force
        Path articles = data.resolve("validity-articles");
        Files.createDirectories(articles);
        Files.writeString(articles.resolve("old.txt"), "庚州市旧版停车补贴办法\n\n停车补贴每月50元。\n");
        Files.writeString(articles.resolve("old.meta.yaml"), "expires: 2020-12-31\n");
        Files.writeString(articles.resolve("new.txt"), "庚州市停车补贴办法\n\n停车补贴每月80元。\n");
        try (App validity = App.start(TestSettings.of(data.resolve("validity"), articles, Map.of()), Clock.systemUTC())) {
            // when
            browser.get(validity.url() + "#/article/old-a1");
            WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-validity")));
            String expired = note.getText();
            screenshot("staff-page-expired.png");
            browser.get(validity.url() + "#/article/new-a1");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("article-title"), "庚州市停车补贴办法"));

            // then
            assertThat(expired).isEqualTo("该文件已于 2020-12-31 失效");
            assertThat(browser.findElement(By.id("article-validity")).isDisplayed()).isFalse();

            // and when: asked about a day the old rule was in force
            browser.get(validity.url());
            WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("ask-input")));
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2020-06-01';",
                    browser.findElement(By.id("ask-as-of")));
            input.sendKeys("庚州市停车补贴每月多少钱？", Keys.ENTER);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#answer-text button.cite")));

            // then: it is quoted, and not called expired
            assertThat(browser.findElement(By.cssSelector(".sources")).getText()).contains("庚州市旧版停车补贴办法");
            assertThat(browser.findElement(By.id("ask-result")).getText()).doesNotContain("失效");
        }
    }

    @Test
    void should_fit_a_phone_screen_and_show_errors_from_the_server() throws Exception {
        // given
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(app.url());
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("ask-input")));

        // when: a question over 500 characters reaches the server (the page's maxlength is bypassed)
        ((JavascriptExecutor) browser).executeScript("arguments[0].removeAttribute('maxlength'); arguments[0].value = arguments[1];",
                input, "社".repeat(501));
        browser.findElement(By.id("ask-button")).click();

        // then
        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#ask-status.error")));
        assertThat(status.getText()).contains("问题太长").contains("500");
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        screenshot("staff-page-phone.png");
    }

    private boolean inViewport(WebElement e) {
        Object r = ((JavascriptExecutor) browser).executeScript(
                "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", e);
        return Boolean.TRUE.equals(r);
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target").toAbsolutePath().resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", "").replace("“", "").replace("”", "");
    }
}
