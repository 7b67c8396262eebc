package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
import org.policybot.bot.TestSettings;

/**
 * The staff page's 文档 tab in a real browser (Debian's headless Chromium) against the real
 * server over its own copy of the bundled articles: the admin token entered once and kept
 * in the page's memory only, a file uploaded through the file picker and listed as indexed,
 * then deleted after the confirm step. Skipped only when /usr/bin/chromium is absent.
 */
class StaffPageDocumentsBrowserTest {

    static final String TOKEN = WebAdminTest.TOKEN;

    @TempDir
    static Path data;

    @TempDir
    Path profile;

    static App app;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(StaffPageBrowserTest.CHROMIUM), "Chromium is not installed");
        Path articles = Files.createDirectories(data.resolve("articles"));
        try (Stream<Path> files = Files.list(TestSettings.bundledArticles())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, articles.resolve(f.getFileName().toString()));
            }
        }
        app = App.start(TestSettings.of(data.resolve("data"), articles, Map.of("CHATBOT_ADMIN_TOKEN", TOKEN)), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(StaffPageBrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(StaffPageBrowserTest.DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private By row(String file) {
        return By.cssSelector("#docs-rows tr[data-file='" + file + "']");
    }

    @Test
    void should_upload_a_file_through_the_page_list_it_and_delete_it_after_confirming() throws Exception {
        // given
        Path upload = profile.resolve("寅水通知.txt");
        Files.writeString(upload, "寅水县社保卡换领通知\n\n寅水县参保人员可以在银行网点免费换领第三代社会保障卡。\n");
        browser.get(app.url());

        // when: the 文档 tab is opened, a wrong token and then the right one entered
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-docs"))).click();
        WebElement token = wait.until(ExpectedConditions.elementToBeClickable(By.id("docs-token")));
        token.sendKeys("wrong-token-0123456789abcdef");
        browser.findElement(By.id("docs-token-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("docs-status"), "令牌不对"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("docs-token"))).sendKeys(TOKEN);
        browser.findElement(By.id("docs-token-button")).click();

        // then: the folder is listed
        wait.until(ExpectedConditions.presenceOfElementLocated(row("000_4ef72f09c3654e03.txt")));
        assertThat(browser.findElement(row("000_4ef72f09c3654e03.txt")).getText()).contains("已索引");
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return localStorage.length + sessionStorage.length + document.cookie.length")).isEqualTo(0L);

        // when: a file is picked
        browser.findElement(By.id("docs-file")).sendKeys(upload.toString());

        // then
        WebElement added = wait.until(ExpectedConditions.presenceOfElementLocated(row("寅水通知.txt")));
        assertThat(added.getText()).contains("已索引").contains("寅水县社保卡换领通知");
        assertThat(browser.findElement(By.id("docs-results")).getText()).contains("已加入 寅水通知.txt");
        assertThat(app.settings().articlesDir().resolve("寅水通知.txt")).exists();
        screenshot("staff-page-documents.png");

        // when: it is deleted, confirmed in the row (scrolled to at once: the page scrolls smoothly, and a click
        // while the row still moves lands on whatever is under the point it was aimed at)
        WebElement delete = added.findElement(By.cssSelector("button.doc-delete"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", delete);
        wait.until(ExpectedConditions.elementToBeClickable(delete)).click();
        WebElement confirm = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#docs-rows tr[data-file='寅水通知.txt'] button.doc-confirm")));
        assertThat(browser.findElement(row("寅水通知.txt")).getText()).contains("确定删除 寅水通知.txt？");
        confirm.click();

        // then
        wait.until(ExpectedConditions.numberOfElementsToBe(row("寅水通知.txt"), 0));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("docs-status"), "已删除"));
        assertThat(app.settings().articlesDir().resolve("寅水通知.txt")).doesNotExist();
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target").toAbsolutePath().resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
