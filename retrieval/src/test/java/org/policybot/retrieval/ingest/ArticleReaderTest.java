package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.text.ChineseText;

/** Pins each kind of layout repair the bundled articles need, on the real files. */
class ArticleReaderTest {

    static List<Article> all;

    @BeforeAll
    static void readBundledArticles() throws IOException {
        ArticleReader.Corpus corpus = new ArticleReader().readAll(BundledArticles.dir());
        assertThat(corpus.problems()).isEmpty();
        all = corpus.articles();
    }

    static Article titled(String titleStart) {
        return all.stream().filter(a -> a.title().startsWith(titleStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no article titled " + titleStart + "…"));
    }

    static String body(Article a) {
        return ChineseText.compact(a.bodyText());
    }

    static List<String> paragraphs(Article a) {
        return a.sections().stream().flatMap(s -> s.paragraphs().stream()).map(Article.Paragraph::text).toList();
    }

    static List<String> allParagraphs() {
        return all.stream().flatMap(a -> paragraphs(a).stream()).toList();
    }

    @Nested
    class InterleavedArticlesIn000 {

        @Test
        void should_join_the_sentence_cut_across_the_interleaved_article() {
            Article xinhua = titled("中国创新为什么行");

            assertThat(body(xinhua)).contains("正在提升中国在科研领域的领先地位。英国伦敦国王学院中国问题专家克里·布朗说");
            assertThat(body(xinhua)).doesNotContain("晶能电源").doesNotContain("王泽科").doesNotContain("圆孟帮办");
        }

        @Test
        void should_give_the_interleaved_mengzhou_paragraphs_their_own_article() {
            Article mengzhou = all.stream().filter(a -> body(a).contains("圆孟帮办")).findFirst().orElseThrow();

            assertThat(body(mengzhou)).contains("以“事前导办、事中协办、事后跟办+全程督办”的服务，破解企业群众“办事难”。");
            assertThat(body(mengzhou)).contains("晶能电源", "王泽科", "孟州温度", "孟州市委书记岳益民");
            assertThat(body(mengzhou)).doesNotContain("克里·布朗").doesNotContain("STEM");
        }

        @Test
        void should_keep_a_year_with_its_figure() {
            assertThat(body(titled("中国创新为什么行")))
                    .contains("中国拥有丰富的人力资本，2020年中国科学、技术、工程和数学（STEM）专业的毕业生人数达到360万");
        }

        @Test
        void should_date_the_xinhua_piece_from_its_closing_dateline() {
            Article xinhua = titled("中国创新为什么行");

            assertThat(xinhua.date()).contains(LocalDate.of(2025, 12, 2));
            assertThat(xinhua.source()).isEqualTo("新华社");
            assertThat(xinhua.byline()).isEqualTo("新华社记者 葛晨 郭爽 谭晶晶");
        }

        @Test
        void should_not_make_page_headers_or_datelines_into_paragraphs() {
            assertThat(allParagraphs()).noneMatch(p -> p.contains("A03 |") || p.contains("（新华社北京12月2日电）"));
            assertThat(titled("焦作人社：锻造技能引擎").byline()).isEqualTo("本报记者 杜 玲");
        }

        @Test
        void should_join_words_cut_by_a_blank_line() {
            String jiaozuo = body(titled("焦作人社"));
            String forklift = body(titled("掌握真技能"));

            assertThat(body(titled("中国创新为什么行"))).contains("推进科技创新与产业创新深度融合；北京作为9年蝉联");
            assertThat(jiaozuo).contains("“怀川新服”等“十大专项”培训").contains("这种训聘结合的模式");
            assertThat(forklift).contains("非常有耐心。”他回忆道").contains("叉车驾驶作为物流行业的急需工种，");
        }
    }

    @Nested
    class WageArrearsBoxAnd12333Guide {

        @Test
        void should_keep_the_hotline_number_and_drop_credits_and_stray_bylines() {
            Article jiaozuo = titled("焦作人社");

            assertThat(paragraphs(jiaozuo)).contains("维 权 电 话：（0391）5412333");
            assertThat(body(jiaozuo)).contains("（左图）");
            assertThat(allParagraphs()).noneMatch(p -> p.equals("（市人社局提供）") || p.equals("本报记者 杜 玲"));
        }

        @Test
        void should_make_the_12333_guide_its_own_article_with_its_subheadings_as_sections() {
            Article guide = titled("社保关系如何无缝转移接续");

            assertThat(guide.sections()).extracting(Article.Section::heading)
                    .contains("退役军人社保接续：不同时期，手续有别", "养老保险重复与退保：两种情况，清晰处理");
            assertThat(body(guide)).contains("业务指引等功能于一体的“不见面”服务平台")
                    .contains("是群众身边的“人社通”。")
                    .doesNotContain("本报记者");
            assertThat(guide.byline()).isEqualTo("本报记者 杜 玲");
        }

        @Test
        void should_keep_source_typos_verbatim() {
            String guide = body(titled("社保关系如何无缝转移接续"));

            assertThat(guide).contains("有效的人伍通知书").contains("退出退役后未及及时就业的").contains("退出退役证");
        }

        @Test
        void should_drop_empty_headings() {
            assertThat(all).extracting(Article::title).doesNotContain("就业创业", "热线问答");
            assertThat(all).flatExtracting(Article::sections).extracting(Article.Section::heading)
                    .doesNotContain("就业创业", "热线问答");
        }
    }

    @Nested
    class NewsItemsIn001 {

        @Test
        void should_keep_half_width_punctuation() {
            assertThat(body(titled("“创新链”遇见“产业链”"))).contains("2025年春节,中国人工智能企业深度求索(DeepSeek)");
        }

        @Test
        void should_split_the_photo_news_and_short_items_into_their_own_articles() {
            assertThat(all).extracting(Article::title).contains("首对“港产”大熊猫亮相", "浙江着力建设新形态市集",
                    "宁夏公布96家工伤保险协议机构 方便工伤职工异地就医", "天津将提升改造80个口袋公园", "“北京地铁”河北造");
            assertThat(body(titled("首对“港产”大熊猫亮相"))).doesNotContain("新华社记者 陈铎 摄".replace(" ", ""));
        }

        @Test
        void should_date_items_from_their_own_datelines() {
            assertThat(titled("“创新链”遇见“产业链”").date()).contains(LocalDate.of(2025, 2, 15));
            assertThat(titled("浙江着力建设新形态市集").date()).contains(LocalDate.of(2025, 2, 15));
            assertThat(titled("天津将提升改造").date()).contains(LocalDate.of(2025, 2, 16));
            assertThat(titled("首对“港产”大熊猫亮相").date()).contains(LocalDate.of(2025, 2, 15));
        }

        @Test
        void should_read_a_two_line_title_as_title_and_subtitle() {
            Article sichuan = titled("搭对接平台、多举措留人");

            assertThat(sichuan.subtitle()).isEqualTo("四川招工市场一线见闻");
            assertThat(sichuan.byline()).isEqualTo("新华社记者 张海磊 李倩薇");
            assertThat(sichuan.date()).contains(LocalDate.of(2025, 2, 16));
        }

        @Test
        void should_join_mid_word_splits_and_strip_photo_credits_from_captions() {
            assertThat(body(titled("“创新链”遇见“产业链”"))).contains("瞄准产业重大需求和技术难题,与龙头企业深度绑定");
            String sichuan = body(titled("搭对接平台"));
            assertThat(sichuan).contains("进行数据监测,数据显示").contains("只见工人们在熟练地操作设备");
            assertThat(paragraphs(titled("搭对接平台"))).contains("2月14日,2025成都市产业园区人才洽谈对接会现场。");
            assertThat(body(titled("天津将提升改造"))).contains("北方滨滨园林");
        }
    }

    @Nested
    class BoundariesIn002 {

        @Test
        void should_join_the_word_split_across_paragraphs_and_keep_spaced_numbers() {
            String cars = body(titled("两个连续全球第一"));

            assertThat(cars).contains("2025年中国汽车出口超700万辆，新能源汽车出口达261.5万辆");
            assertThat(paragraphs(titled("两个连续全球第一"))).anyMatch(p -> p.contains("新能源汽车出口达 261.5 万辆"));
        }

        @Test
        void should_start_articles_at_unmarked_boundaries() {
            assertThat(all.stream().filter(a -> a.file().startsWith("002")).map(Article::title).toList()).containsExactly(
                    "创新创造催生新质生产力",
                    "中国二十二冶西南分公司连云港新能源电池项目全速推进启新程",
                    "中国搭建交易与价格平台 为药械“走出去”架桥铺路",
                    "两个连续全球第一！ 中国汽车业迎来关键一跃",
                    "海南封关满月看变化：各项政策扎实推进");
            assertThat(titled("创新创造催生新质生产力").source()).isEqualTo("人民网");
            assertThat(titled("中国搭建交易与价格平台").byline()).isEqualTo("■ 中新社记者 李纯");
        }

        @Test
        void should_join_the_other_mid_word_splits() {
            assertThat(body(titled("创新创造催生新质生产力")))
                    .contains("让世界看到了中国", "集成电路学院", "一系列务实之举", "智能的出行体验");
            assertThat(body(titled("两个连续全球第一"))).contains("一股新动能", "都未能阻挡");
            assertThat(body(titled("海南封关满月看变化"))).contains("一直在进行", "一个月来");
        }
    }

    @Nested
    class NewsletterIn003 {

        @Test
        void should_keep_the_masthead_as_a_passage_and_drop_the_table_of_contents() {
            Article masthead = all.stream().filter(a -> body(a).contains("总第218期")).findFirst().orElseThrow();

            assertThat(body(masthead)).contains("2025年第12期（总第218期）2025年12月19日");
            assertThat(masthead.date()).contains(LocalDate.of(2025, 12, 19));
            assertThat(allParagraphs()).noneMatch(p -> p.contains("★") || p.contains("本期目录"));
        }

        @Test
        void should_find_five_articles_with_their_own_dates_and_sources() {
            assertThat(titled("以科技创新引领新质生产力发展").date()).contains(LocalDate.of(2025, 12, 8));
            assertThat(titled("以科技创新引领新质生产力发展").source()).isEqualTo("科技日报");
            assertThat(titled("以科技创新引领新质生产力发展").byline()).isEqualTo("科技部党组书记、部长 阴和俊");
            assertThat(titled("夯实基础研究").date()).contains(LocalDate.of(2025, 12, 1));
            assertThat(titled("人工智能可持续发展").date()).contains(LocalDate.of(2025, 11, 26));
            assertThat(titled("完善人才评价机制").date()).contains(LocalDate.of(2025, 12, 11));
            assertThat(titled("完善人才评价机制").source()).isEqualTo("光明日报");
            assertThat(titled("以科技创新和产业创新深度融合").byline()).isEqualTo("刘冬梅");
        }

        @Test
        void should_join_the_split_numbered_heading_and_the_split_paragraphs() {
            Article first = titled("以科技创新引领新质生产力发展");

            assertThat(first.sections()).extracting(Article.Section::heading)
                    .contains("二、聚焦加强原始创新和关键核心技术攻关，为发展新质生产力培育新动能");
            assertThat(body(first)).contains("出台实施《加快构建科技金融体制");
            assertThat(body(titled("以科技创新和产业创新深度融合"))).contains("通过开放合作拓展发展空间。");
        }

        @Test
        void should_leave_footnotes_and_keywords_out() {
            assertThat(allParagraphs()).noneMatch(p -> p.startsWith("①②⑥") || p.startsWith("【关键词】") || p.equals("【注释】"));
        }

        @Test
        void should_keep_a_long_paragraph_whole_for_the_chunker_to_split() {
            assertThat(allParagraphs()).anyMatch(p -> ChineseText.visibleLength(p) > 500);
        }
    }

    @Nested
    class HeadingsAndDatelinesIn004 {

        @Test
        void should_read_markdown_titles_subtitles_and_bare_datelines() {
            Article first = titled("科技创新实现新突破");

            assertThat(first.subtitle()).startsWith("关于发展新质生产力重要论述系列述评之一");
            assertThat(first.date()).contains(LocalDate.of(2026, 3, 31));
            assertThat(titled("三部门发文推动员工录用").date()).contains(LocalDate.of(2026, 4, 1));
            assertThat(titled("向新而行").subtitle()).startsWith("——“中国经济圆桌会”");
            assertThat(titled("向新而行").byline()).isEqualTo("新华社记者");
        }

        @Test
        void should_make_the_photo_story_an_article_dated_from_chinese_numerals_without_its_credit() {
            Article photo = titled("山东港口青岛港一季度新增七条集装箱航线");

            assertThat(photo.date()).contains(LocalDate.of(2026, 4, 1));
            assertThat(body(photo)).doesNotContain("新华社发");
        }

        @Test
        void should_join_splits_inside_brackets_and_words() {
            assertThat(body(titled("向新而行"))).contains("北京（京津冀）、上海（长三角）");
            String weather = body(titled("清明假期天气速览"));
            assertThat(weather).contains("清明假期，内蒙古东部").contains("黄淮东北部、西北地区东部");
            assertThat(body(titled("科技创新实现新突破"))).contains("社基熔盐实验堆");
        }
    }

    @Nested
    class PublicationLines {

        private Article only(String text) {
            List<Article> read = new ArticleReader().parse("x.txt", text);
            assertThat(read).hasSize(1);
            return read.get(0);
        }

        @Test
        void should_take_the_date_and_paper_under_a_title_and_keep_the_line_out_of_the_body() {
            Article a = only("青禾县调整助学补贴标准\n\n青禾晚报　2031年7月9日\n\n青禾县教育局近日通知，助学补贴每人每年提高到900元。\n");
            Article guide = only("青禾县助学补贴申请指南\n\n青禾县教育局　2031年7月9日\n\n一、申请条件\n\n在本县就读的学生可以申请。\n");

            assertThat(a.title()).isEqualTo("青禾县调整助学补贴标准");
            assertThat(guide.title()).isEqualTo("青禾县助学补贴申请指南");
            assertThat(guide.sections()).extracting(Article.Section::heading).containsExactly("一、申请条件");
            assertThat(a.date()).contains(LocalDate.of(2031, 7, 9));
            assertThat(a.source()).isEqualTo("青禾晚报");
            assertThat(paragraphs(a)).containsExactly("青禾县教育局近日通知，助学补贴每人每年提高到900元。");
        }

        @Test
        void should_read_labelled_issuer_and_date_numeric_dates_and_a_reporter() {
            Article labelled = only("松原镇办事指南\n\n发布单位：松原镇便民服务中心　发布日期：2030-11-02\n\n办理时需带身份证。\n");
            Article reporter = only("# 松原镇新开一家食堂\n\n本报记者　林一木　2030年3月4日\n\n食堂每天供应午餐。\n");
            Article monthOnly = only("松原镇办事指南\n\n松原镇便民服务中心　2030年11月\n\n办理时需带身份证。\n");

            assertThat(labelled.title()).isEqualTo("松原镇办事指南");
            assertThat(labelled.date()).contains(LocalDate.of(2030, 11, 2));
            assertThat(labelled.source()).isEqualTo("松原镇便民服务中心");
            assertThat(reporter.byline()).isEqualTo("本报记者 林一木");
            assertThat(reporter.date()).contains(LocalDate.of(2030, 3, 4));
            assertThat(monthOnly.date()).isEmpty();
            assertThat(monthOnly.source()).isEqualTo("松原镇便民服务中心");
            assertThat(paragraphs(monthOnly)).containsExactly("办理时需带身份证。");
        }

        @Test
        void should_date_an_undated_notice_by_the_signing_date_under_its_last_paragraph() {
            Article a = only("松原镇关于做好冬季供暖的通知\n\n各村委会：\n\n请于11月15日前完成供暖设施检查。\n\n"
                    + "松原镇人民政府\n\n2030年10月8日\n");

            assertThat(a.date()).contains(LocalDate.of(2030, 10, 8));
        }

        @Test
        void should_leave_a_sentence_that_ends_in_a_date_as_prose() {
            Article a = only("松原镇通知\n\n松原镇便民服务中心　2030年1月2日\n\n新的办理地点启用于2030年2月1日\n\n"
                    + "报名从即日起，截至2030年3月1日。\n");

            assertThat(a.date()).contains(LocalDate.of(2030, 1, 2));
            assertThat(body(a)).contains("报名从即日起，截至2030年3月1日。");
        }
    }

    @Nested
    class BadInput {

        @TempDir
        Path dir;

        @Test
        void should_skip_a_file_that_is_not_utf8_and_read_the_others() throws IOException {
            Files.write(dir.resolve("a.txt"), "# 标题\n\n正文第一段。\n".getBytes(Charset.forName("GBK")));
            Files.writeString(dir.resolve("b.txt"), "# 好标题\n\n这是一段正文，说明问题。\n");

            ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

            assertThat(corpus.articles()).extracting(Article::title).containsExactly("好标题");
            assertThat(corpus.problems()).singleElement()
                    .satisfies(p -> assertThat(p.file()).isEqualTo("a.txt"))
                    .satisfies(p -> assertThat(p.message()).contains("UTF-8"));
        }

        @Test
        void should_report_an_empty_file() throws IOException {
            Files.writeString(dir.resolve("empty.txt"), "\n\n  \n");

            assertThat(new ArticleReader().readAll(dir).problems()).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("no article text"));
        }

        @Test
        void should_say_which_folder_is_missing() {
            assertThatThrownBy(() -> new ArticleReader().readAll(dir.resolve("nope")))
                    .isInstanceOf(IOException.class).hasMessageContaining("nope");
        }

        @Test
        void should_give_articles_of_files_sharing_a_name_their_own_ids_keeping_the_txt_ids() throws IOException {
            Files.writeString(dir.resolve("note.md"), "# 笔记标题\n\n笔记正文，写着甲乙丙丁。\n");
            Files.writeString(dir.resolve("note.txt"), "# 文本标题\n\n文本正文，写着戊己庚辛。\n");
            Files.writeString(dir.resolve("other.md"), "# 另一篇\n\n另一篇正文。\n");

            ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

            assertThat(corpus.articles()).extracting(Article::file, Article::id).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("note.md", "note.md-a1"),
                    org.assertj.core.groups.Tuple.tuple("note.txt", "note-a1"),
                    org.assertj.core.groups.Tuple.tuple("other.md", "other-a1"));
            assertThat(corpus.problems()).isEmpty();
        }

        @Test
        void should_drop_control_characters_and_a_byte_order_mark() {
            List<Article> read = new ArticleReader().parse("x.txt", "\uFEFF# 标题\u0007\n\n正文\u0000内容。\n");

            assertThat(read).singleElement().satisfies(a -> {
                assertThat(a.title()).isEqualTo("标题");
                assertThat(a.bodyText()).isEqualTo("正文内容。");
                assertThat(a.date()).isEqualTo(Optional.empty());
            });
        }
    }

    @Test
    void should_take_only_the_last_extension_off_a_file_name_for_its_stem() {
        assertThat(ArticleReader.stem("通知.2024.docx")).isEqualTo("通知.2024");
        assertThat(ArticleReader.stem("指南.txt")).isEqualTo("指南");
        assertThat(ArticleReader.stem("无扩展名")).isEqualTo("无扩展名");
        assertThat(ArticleReader.stem("结尾点.")).isEqualTo("结尾点.");
        assertThat(ArticleReader.stem(".txt")).isEmpty();
        assertThat(Sidecar.candidates(Path.of("d", "办事指南.docx"))).extracting(p -> p.getFileName().toString())
                .containsExactly("办事指南.docx.meta.yaml", "办事指南.docx.meta.yml", "办事指南.meta.yaml", "办事指南.meta.yml");
    }
}
