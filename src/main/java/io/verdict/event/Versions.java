package io.verdict.event;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order of Elasticsearch's {@code version} field type: semantic versions by number, a pre-release before its
 * release ({@code 1.2.4-SNAPSHOT < 1.2.4}), and strings that are not versions after every version.
 */
public final class Versions {

    private static final Pattern SEMVER =
            Pattern.compile("(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))*(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    private Versions() {}

    public static int compare(String a, String b) {
        boolean va = SEMVER.matcher(a).matches();
        boolean vb = SEMVER.matcher(b).matches();
        if (!va || !vb) {
            return va ? -1 : vb ? 1 : a.compareTo(b);
        }
        String[] ma = main(a).split("\\.");
        String[] mb = main(b).split("\\.");
        for (int i = 0; i < Math.max(ma.length, mb.length); i++) {
            long x = i < ma.length ? Long.parseLong(ma[i]) : 0;
            long y = i < mb.length ? Long.parseLong(mb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        String pa = pre(a);
        String pb = pre(b);
        if (pa == null || pb == null) {
            return pa == null ? (pb == null ? 0 : 1) : -1;
        }
        return comparePre(pa, pb);
    }

    private static String main(String v) {
        int cut = v.length();
        for (char c : new char[] {'-', '+'}) {
            int i = v.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return v.substring(0, cut);
    }

    private static String pre(String v) {
        Matcher m = SEMVER.matcher(v);
        return m.matches() ? m.group(3) : null;
    }

    private static int comparePre(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].chars().allMatch(Character::isDigit);
            boolean ny = y[i].chars().allMatch(Character::isDigit);
            int c = nx && ny
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : nx ? -1 : ny ? 1 : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
