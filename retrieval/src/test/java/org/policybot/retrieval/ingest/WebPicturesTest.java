package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pictures a saved web page shows (its {@code NAME_files/} folder), read by the real Tesseract into the page's text. */
class WebPicturesTest {

    /** A made-up notice pictured on the page. */
    static final List<String> PICTURED = List.of("鹿桥街道旧衣回收通知",
            "旧衣回收箱设在社区活动中心门口。",
            "每月第一个周六集中清运。");
    /** A made-up banner of the site, in its navigation. */
    static final List<String> BANNER = List.of("鹿桥街道办事处门户网站", "欢迎访问本站首页栏目导航");

    @TempDir
    Path dir;

    /** A page saved by a browser: the site's banner in the navigation, the notice's picture in the article. */
    static String page(String banner, String picture) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>鹿桥街道便民通知 - 鹿桥街道办事处</title></head><body>"
                + "<nav><a href=\"/\">首页</a> <img src=\"" + banner + "\"></nav>"
                + "<article><h1>鹿桥街道社区活动中心开放时间</h1>"
                + "<p>鹿桥街道社区活动中心每天上午八点开放，晚上九点关闭。</p>"
                + "<p><img src=\"" + picture + "\" alt=\"通知\"></p>"
                + "<p>活动中心的乒乓球室需提前一天预约。</p></article></body></html>";
    }

    @Nested
    class WhichPictures {

        @Test
        void should_name_pictures_beside_the_page_or_below_its_folder_whatever_their_encoding() throws Exception {
            Path page = Files.writeString(dir.resolve("通知.html"), "");
            Path picture = write(dir.resolve("通知_files/图 1+2.png"));
            Path below = write(dir.resolve("img/a.jpg"));

            assertThat(WebPictures.resolve(page, "通知_files/图 1+2.png")).contains(picture);
            assertThat(WebPictures.resolve(page, "%E9%80%9A%E7%9F%A5_files/%E5%9B%BE%201+2.png")).contains(picture);
            assertThat(WebPictures.resolve(page, " ./通知_files/图%201+2.png?v=3#top ")).contains(picture);
            assertThat(WebPictures.resolve(page, "img\\a.jpg")).contains(below);
            assertThat(WebPictures.resolve(page, "img/../img/a.jpg")).contains(below);
        }

        @Test
        void should_name_nothing_for_other_sites_data_absolute_paths_climbing_out_missing_files_and_other_types() throws Exception {
            Path folder = Files.createDirectories(dir.resolve("articles"));
            Path page = Files.writeString(folder.resolve("p.html"), "");
            write(dir.resolve("outside.png"));
            write(folder.resolve("p_files/style.css"));
            write(folder.resolve("p_files/bad%zz.png"));

            for (String src : List.of("http://www.example.gov.cn/a.png", "https://x.cn/p_files/a.png", "//cdn.example.cn/a.png",
                    "data:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd.png", "/outside.png", "../outside.png",
                    "p_files/../../outside.png", "p_files/missing.png", "p_files/style.css", "p_files", "", "   ")) {
                assertThat(WebPictures.resolve(page, src)).as(src).isEmpty();
            }
            assertThat(WebPictures.resolve(page, null)).isEmpty();
            // a '%' that starts no escape is part of the name
            assertThat(WebPictures.resolve(page, "p_files/bad%zz.png")).isPresent();
        }

        @Test
        void should_not_follow_a_link_inside_the_folder_that_points_out_of_it() throws Exception {
            Path folder = Files.createDirectories(dir.resolve("articles"));
            Path page = Files.writeString(folder.resolve("p.html"), "");
            Path outside = write(dir.resolve("secret.png"));
            Files.createDirectories(folder.resolve("p_files"));
            try {
                Files.createSymbolicLink(folder.resolve("p_files/link.png"), outside);
            } catch (UnsupportedOperationException | java.io.IOException e) {
                assumeTrue(false, "the file system makes no symbolic links");
            }

            assertThat(WebPictures.resolve(page, "p_files/link.png")).isEmpty();
        }

        @Test
        void should_list_the_pictures_of_a_page_once_each_in_its_order_from_its_markup() throws Exception {
            Path first = write(dir.resolve("p_files/b.png"));
            Path second = write(dir.resolve("p_files/a b.jpeg"));
            Path page = Files.writeString(dir.resolve("p.html"), "<p><IMG alt='x' SRC='p_files/b.png'></p>"
                    + "<img src=p_files/b.png><img\nclass=\"w\" src=\"p_files/a%20b.jpeg\"/>"
                    + "<img src=\"http://x.cn/c.png\"><img data-src=\"p_files/c.png\"><script>var s = '<img src=' + u;</script>");

            assertThat(WebPictures.of(page, FileHashes.inMemory())).containsExactly(first, second);
            assertThat(WebPictures.of(dir.resolve("none.html"), FileHashes.inMemory())).isEmpty();
        }

        private Path write(Path file) throws Exception {
            Files.createDirectories(file.getParent());
            return Files.write(file, new byte[] {1, 2, 3});
        }
    }

    @Test
    void should_read_the_picture_of_the_main_content_into_a_section_after_the_page_text_and_not_the_banner() throws Exception {
        assumeOcr();
        // given: a saved page showing a notice's picture in its article and the site's banner in its navigation
        Path articles = Files.createDirectories(dir.resolve("articles"));
        TestDocuments.scannedImage(Files.createDirectories(articles.resolve("luqiao_files")).resolve("通知.png"), PICTURED, "png");
        TestDocuments.scannedImage(articles.resolve("luqiao_files/banner.png"), BANNER, "png");
        Files.writeString(articles.resolve("luqiao.html"), page("luqiao_files/banner.png", "luqiao_files/%E9%80%9A%E7%9F%A5.png"));

        // when
        ArticleReader.Corpus corpus = new ArticleReader().readAll(articles);

        // then: the page's own text, then the picture's in a section of its own; the banner is not read
        assertThat(corpus.problems()).isEmpty();
        assertThat(corpus.files()).containsExactly("luqiao.html");
        String text = corpus.extracted().get("luqiao.html");
        assertThat(text).contains("## " + Article.PICTURE_SECTION).doesNotContain("门户网站", "栏目导航");
        assertThat(text.indexOf("乒乓球室")).isLessThan(text.indexOf(Article.PICTURE_SECTION));
        List<Article.Section> sections = corpus.articles().stream().flatMap(a -> a.sections().stream()).toList();
        Article.Section picture = sections.stream().filter(s -> s.heading().equals(Article.PICTURE_SECTION)).findFirst().orElseThrow();
        // OCR may misread a character: the assertions take what it reads reliably; the printed lines are joined
        assertThat(String.join("", picture.paragraphs().stream().map(Article.Paragraph::text).toList()))
                .contains("旧衣回收箱", "活动中心门口");
        assertThat(sections.stream().filter(s -> !s.heading().equals(Article.PICTURE_SECTION))
                .flatMap(s -> s.paragraphs().stream()).map(Article.Paragraph::text)).noneMatch(t -> t.contains("旧衣回收箱"));
        // the page is not a scan: only the picture's section is OCR text
        assertThat(corpus.articles()).noneMatch(Article::fromOcr);
    }

    @Test
    void should_keep_the_page_text_when_its_pictures_are_missing_damaged_or_elsewhere() throws Exception {
        assumeOcr();
        Path articles = Files.createDirectories(dir.resolve("articles"));
        Files.createDirectories(articles.resolve("p_files"));
        Files.write(articles.resolve("p_files/broken.png"), "not a picture".getBytes(StandardCharsets.UTF_8));
        Files.writeString(articles.resolve("p.html"), page("http://www.example.gov.cn/banner.png", "p_files/broken.png")
                .replace("</article>", "<p><img src=\"p_files/missing.png\"></p></article>"));

        ArticleReader.Corpus corpus = new ArticleReader().readAll(articles);

        assertThat(corpus.problems()).isEmpty();
        assertThat(corpus.extracted().get("p.html")).contains("每天上午八点开放", "乒乓球室").doesNotContain(Article.PICTURE_SECTION);
    }

    @Test
    void should_read_the_page_again_when_only_its_picture_changed() throws Exception {
        assumeOcr();
        Path articles = Files.createDirectories(dir.resolve("articles"));
        Path picture = TestDocuments.scannedImage(Files.createDirectories(articles.resolve("p_files")).resolve("n.png"),
                PICTURED, "png");
        Files.writeString(articles.resolve("p.html"), page("p_files/none.png", "p_files/n.png"));
        MapCache cache = new MapCache();
        ArticleReader reader = new ArticleReader();
        assertThat(reader.readAll(articles, cache, ArticleReader.Progress.NONE).extracted().get("p.html")).contains("旧衣回收箱");

        // when: the picture is replaced by another notice, the page's file staying as it was
        TestDocuments.scannedImage(picture, List.of("鹿桥街道停水通知", "本周六全天停水请提前储水。"), "png");
        String again = reader.readAll(articles, cache, ArticleReader.Progress.NONE).extracted().get("p.html");

        // then: the page is read again, not taken from what was kept
        assertThat(again).contains("停水").doesNotContain("旧衣回收箱");
        assertThat(cache.kept).hasSize(2);
    }

    private static void assumeOcr() {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the pictures");
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
    }

    /** Keeps results in memory, counting what was kept. */
    static final class MapCache implements ReadCache {
        final Map<String, FileResult> kept = new HashMap<>();

        @Override
        public Optional<FileResult> find(String key) {
            return Optional.ofNullable(kept.get(key));
        }

        @Override
        public void keep(String key, FileResult result) {
            kept.put(key, result);
        }

        @Override
        public void retain(Set<String> keys) {
        }
    }
}
