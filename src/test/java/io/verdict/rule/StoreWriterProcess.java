package io.verdict.rule;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link StoreCrashTest}: rewrites a few rules in a store as fast as it can, each with the
 * next revision and a note of random size (so writes take a while and a kill lands inside one), and prints
 * {@code ok <rule_id> <revision>} after each write returned. It never stops by itself; the test kills it.
 */
public final class StoreWriterProcess {

    static final String[] IDS = {
        "00000000-0000-4000-8000-0000000000f1",
        "00000000-0000-4000-8000-0000000000f2",
        "00000000-0000-4000-8000-0000000000f3"
    };

    private StoreWriterProcess() {}

    public static void main(String[] args) {
        RuleStore store = new RuleStore(Path.of(args[0]));
        store.open();
        Random random = new Random(Long.parseLong(args[1]));
        Map<String, Integer> revisions = new HashMap<>();
        RuleLoader loader = new RuleLoader();
        for (String id : IDS) {
            if (store.contains(id)) {
                RuleLoad load = loader.load(store.file(id), id);
                revisions.put(id, load.loaded() ? load.rule().revision() : 0);
            }
        }
        while (true) {
            String id = IDS[random.nextInt(IDS.length)];
            int revision = revisions.merge(id, 1, Integer::sum);
            store.write(id, text(id, revision, random));
            System.out.println("ok " + id + " " + revision);
            System.out.flush();
        }
    }

    static String text(String id, int revision, Random random) {
        String note = "x".repeat(1 + random.nextInt(400_000));
        return RuleFixtures.toml(
                        id,
                        "Crash Rule " + revision,
                        "low",
                        "type = \"query\"\nlanguage = \"kuery\"\n" + "query = 'process.name:crash'\nnote = \"" + note
                                + "\"\n")
                + "\n[verdict]\nrevision = " + revision + "\n";
    }
}
