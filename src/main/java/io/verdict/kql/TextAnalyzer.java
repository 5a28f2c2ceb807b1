package io.verdict.kql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Elasticsearch's {@code standard} analyzer as text fields use it: words by the Unicode word-break rules
 * (UAX #29), lower-cased. This is the subset those rules need for log text: letters and digits join, {@code _}
 * joins, a {@code .} or {@code '} joins two letters or two digits ({@code cmd.exe}, {@code don't}, {@code 1.5}),
 * a {@code :} joins two letters, a {@code ,} or {@code ;} joins two digits; each CJK ideograph or hiragana is a word
 * of its own; everything else separates words. Tokens longer than 255 characters are split as Lucene does.
 */
final class TextAnalyzer {

    private static final int MAX_TOKEN = 255;

    private enum Kind { LETTER, DIGIT, JOIN, MID_LETTER, MID_NUM_LET, MID_NUM, SINGLE, OTHER }

    private TextAnalyzer() {
    }

    /** The lower-cased words of {@code text}. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            Kind kind = kind(cp);
            if (kind == Kind.SINGLE) {
                out.add(new String(Character.toChars(Character.toLowerCase(cp))));
                i += Character.charCount(cp);
                continue;
            }
            if (!isWordPart(kind)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            boolean hasAlnum = false;
            Kind previous = null;
            while (i < n) {
                cp = text.codePointAt(i);
                kind = kind(cp);
                if (isWordPart(kind)) {
                    hasAlnum |= kind == Kind.LETTER || kind == Kind.DIGIT;
                    previous = kind;
                    i += Character.charCount(cp);
                    continue;
                }
                if (isMid(kind) && previous != null && i + Character.charCount(cp) < n) {
                    int next = text.codePointAt(i + Character.charCount(cp));
                    Kind after = kind(next);
                    if (joins(kind, previous, after)) {
                        i += Character.charCount(cp);
                        continue;
                    }
                }
                break;
            }
            if (hasAlnum) {
                String word = text.substring(start, i).toLowerCase(Locale.ROOT);
                for (int from = 0; from < word.length(); from += MAX_TOKEN) {
                    out.add(word.substring(from, Math.min(word.length(), from + MAX_TOKEN)));
                }
            }
        }
        return out;
    }

    private static boolean isWordPart(Kind kind) {
        return kind == Kind.LETTER || kind == Kind.DIGIT || kind == Kind.JOIN;
    }

    private static boolean isMid(Kind kind) {
        return kind == Kind.MID_LETTER || kind == Kind.MID_NUM_LET || kind == Kind.MID_NUM;
    }

    /** WB6/7 (letter mid letter), WB11/12 (digit mid digit). */
    private static boolean joins(Kind mid, Kind before, Kind after) {
        boolean letters = before == Kind.LETTER && after == Kind.LETTER;
        boolean digits = before == Kind.DIGIT && after == Kind.DIGIT;
        return switch (mid) {
            case MID_LETTER -> letters;
            case MID_NUM_LET -> letters || digits;
            case MID_NUM -> digits;
            default -> false;
        };
    }

    private static Kind kind(int cp) {
        if (Character.isIdeographic(cp) || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.HIRAGANA) {
            return Kind.SINGLE;
        }
        if (Character.isDigit(cp)) {
            return Kind.DIGIT;
        }
        if (Character.isLetter(cp)) {
            return Kind.LETTER;
        }
        int type = Character.getType(cp);
        if (cp == '_' || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.CONNECTOR_PUNCTUATION) {
            return Kind.JOIN;
        }
        return switch (cp) {
            case ':', '\u00B7', '\u0387', '\u05F4', '\u2027', '\uFE13', '\uFE55', '\uFF1A' -> Kind.MID_LETTER;
            case '.', '\'', '\u2018', '\u2019', '\u2024', '\uFE52', '\uFF07', '\uFF0E' -> Kind.MID_NUM_LET;
            case ',', ';', '\u037E', '\u0589', '\u060C', '\u060D', '\u066C', '\u07F8', '\u2044', '\uFE10', '\uFE14',
                 '\uFE50', '\uFE54', '\uFF0C', '\uFF1B' -> Kind.MID_NUM;
            default -> Kind.OTHER;
        };
    }
}
