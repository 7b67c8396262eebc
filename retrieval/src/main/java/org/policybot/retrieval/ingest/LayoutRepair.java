package org.policybot.retrieval.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.policybot.retrieval.text.ChineseText;

/**
 * Repairs the layout damage of pages turned into text: sentences and words cut by a page
 * or column break are joined again, and when the continuation of a cut sentence is found
 * several paragraphs later, the paragraphs in between are recognised as a different,
 * interleaved article (a separate stream).
 */
final class LayoutRepair {

    /** How many following text lines may hold the continuation of a cut one. */
    private static final int WINDOW = 14;

    private LayoutRepair() {
    }

    /** Marks tables of contents and footnote blocks, which are not content. */
    static void markListsAndNotes(List<Unit> units) {
        Unit.Kind mode = null;
        for (Unit u : units) {
            if (u.kind == Unit.Kind.TOC || u.kind == Unit.Kind.NOTES) {
                mode = u.kind;
                continue;
            }
            if (mode == Unit.Kind.TOC && u.kind == Unit.Kind.TEXT && LineClassifier.isListItem(u.text)) {
                u.kind = Unit.Kind.TOC;
                continue;
            }
            if (mode == Unit.Kind.NOTES && u.kind == Unit.Kind.TEXT && LineClassifier.isFootnote(u.text)) {
                u.kind = Unit.Kind.NOTES;
                continue;
            }
            mode = null;
        }
    }

    record Join(Unit from, Unit to, int score, int distance) {
    }

    /** Finds where each cut line continues, and joins them. Returns the joins made (for stream assignment). */
    static Map<Unit, Unit> joinCutLines(List<Unit> units) {
        StringBuilder file = new StringBuilder();
        for (Unit u : units) {
            file.append(ChineseText.compact(u.text)).append('\n');
        }
        String fileText = file.toString();
        List<Join> candidates = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Unit p = units.get(i);
            if (!p.isText() || p.whole || ChineseText.endsClosed(p.text)) {
                continue;
            }
            boolean heading = Continuation.headingForCuts(p.text);
            int seen = 0;
            for (int j = i + 1; j < units.size() && seen < WINDOW; j++) {
                Unit c = units.get(j);
                if (stopsSearch(c)) {
                    break;
                }
                if (!c.isText() || c.whole) {
                    continue;
                }
                seen++;
                Continuation.Evidence found = Continuation.evidence(p.text, c.text, fileText);
                if (seen == 1) {
                    if (heading) {
                        if (found.strongAfterHeading()) {
                            candidates.add(new Join(p, c, found.score(true), seen));
                        }
                        break;
                    }
                    if (!found.startsAnew()) {
                        candidates.add(new Join(p, c, found.score(true), seen));
                    }
                } else if (found.strongAtDistance()) {
                    candidates.add(new Join(p, c, found.score(false), seen));
                }
            }
        }
        candidates.sort(Comparator.comparingInt(Join::score).reversed().thenComparingInt(Join::distance));
        Map<Unit, Unit> chosen = new HashMap<>();
        Set<Unit> claimed = new HashSet<>();
        for (Join join : candidates) {
            if (chosen.containsKey(join.from()) || claimed.contains(join.to())) {
                continue;
            }
            chosen.put(join.from(), join.to());
            claimed.add(join.to());
        }
        assignStreams(units, chosen);
        // Apply from the last cut backwards so chains (a→b→c) carry the whole text forward.
        List<Unit> froms = new ArrayList<>(chosen.keySet());
        froms.sort(Comparator.comparingInt((Unit u) -> u.line).reversed());
        for (Unit from : froms) {
            Unit to = chosen.get(from);
            from.text = from.text + to.text;
            from.absorbed = true;
            to.consumed = true;
            if (from.kind == Unit.Kind.TEXT) {
                from.kind = LineClassifier.kindOf(from.text);
            }
        }
        return chosen;
    }

    private static boolean stopsSearch(Unit u) {
        return u.kind == Unit.Kind.DATELINE || u.kind == Unit.Kind.SOURCE || u.kind == Unit.Kind.PUBLICATION
                || u.kind == Unit.Kind.PAGE_HEADER
                || u.kind == Unit.Kind.TOC || (u.kind == Unit.Kind.MD_HEADING && u.level == 1);
    }

    /**
     * Gives every unit a stream. A join that skips paragraphs means those paragraphs belong
     * to another article printed in between; a paragraph after a closing dateline goes back
     * to an article that is still open.
     */
    private static void assignStreams(List<Unit> units, Map<Unit, Unit> joins) {
        Map<Unit, Unit> joinedFrom = new HashMap<>();
        joins.forEach((from, to) -> joinedFrom.put(to, from));
        Map<Unit, Integer> position = new HashMap<>();
        for (int i = 0; i < units.size(); i++) {
            position.put(units.get(i), i);
        }
        int nextStream = 1;
        int current = 0;
        Set<Integer> ended = new HashSet<>();
        Unit previousText = null;
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            if (u.kind == Unit.Kind.PAGE_HEADER || (u.kind == Unit.Kind.MD_HEADING && u.level == 1)) {
                current = nextStream++;
                ended.clear();
            } else if (joinedFrom.containsKey(u)) {
                current = joinedFrom.get(u).stream;
            } else if (previousText != null && joins.containsKey(previousText)
                    && position.get(joins.get(previousText)) > i && u.kind == Unit.Kind.TEXT) {
                current = nextStream++;
            } else if (ended.contains(current) && u.kind == Unit.Kind.TEXT && !Continuation.headingLike(u.text)) {
                for (int s = 0; s < nextStream; s++) {
                    if (s != current && !ended.contains(s) && streamSeen(units, i, s)) {
                        current = s;
                        break;
                    }
                }
            }
            u.stream = current;
            if (u.kind == Unit.Kind.DATELINE || u.kind == Unit.Kind.SOURCE) {
                ended.add(current);
            } else if (u.kind == Unit.Kind.TEXT && Continuation.headingLike(u.text) && ended.contains(current)) {
                ended.remove(current);
            }
            if (u.kind == Unit.Kind.TEXT) {
                previousText = u;
            }
        }
    }

    private static boolean streamSeen(List<Unit> units, int before, int stream) {
        for (int i = 0; i < before; i++) {
            if (units.get(i).stream == stream && units.get(i).kind == Unit.Kind.TEXT) {
                return true;
            }
        }
        return false;
    }
}
