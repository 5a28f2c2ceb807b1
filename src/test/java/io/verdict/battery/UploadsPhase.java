package io.verdict.battery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Fuzzed rule files ({@link RuleMutator}) each sent to {@code _validate} and uploaded with the write key
 * ({@code overwrite=true}), against a service of its own (the battery's rules only, so an upload recompiles little).
 * After every refused upload the store is checked (was the refused rule written anyway?), and every so often, and
 * after any 5xx, the service must still reload (200) and a known rule still alert. Findings: 5xx, a rule refused
 * but stored, a reload that fails after an upload ("poisoning": the battery then clears the store by hand, as an
 * operator would, and goes on), {@code _validate} and the upload disagreeing.
 */
final class UploadsPhase implements Phase {

    private static final int CHECK_EVERY = 250;

    @Override
    public String name() {
        return "uploads";
    }

    @Override
    public String purpose() {
        return "fuzzed rule files to _validate and to POST /api/v1/rules; the service must still reload and alert";
    }

    @Override
    public void run(BatteryContext context, Tally tally) throws Exception {
        Run run = new Run(context, tally);
        try {
            String failure = run.start();
            if (failure != null) {
                tally.skip(failure);
                return;
            }
            run.go();
        } finally {
            run.service.close();
        }
    }

    /** The bases: the battery's rules and, when there, a sample of the corpus's. */
    static List<String> bases(BatteryContext context) throws IOException {
        List<String> bases = new ArrayList<>(BatteryRules.files().values());
        Path corpus = context.options().shared().resolve("corpus/detection-rules/rules");
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> files = Files.walk(corpus)) {
                List<Path> all = files.filter(f -> f.toString().endsWith(".toml"))
                        .sorted()
                        .toList();
                for (int i = 0; i < all.size(); i += Math.max(1, all.size() / 200)) {
                    bases.add(Files.readString(all.get(i)));
                }
            }
        }
        return bases;
    }

    private static final class Run {
        private final BatteryContext context;
        private final Tally tally;
        private ServiceProcess service;
        private RawHttp http;
        private final String write;
        private int silentInARow;
        private int restarts;
        private long validAccepted;
        private long validRefused;
        private long uploadsAccepted;
        private long uploadsRefused;
        private long poisonings;
        private long reloads;
        private long alertChecks;
        private String last = "";
        private Map<String, Object> knownRow;

        Run(BatteryContext context, Tally tally) {
            this.context = context;
            this.tally = tally;
            this.write = context.keys().writeHeader();
        }

        /** A fresh service with the battery's rules only; null when ready, else why not. */
        String start() throws IOException, InterruptedException {
            service = context.launch(new ServiceProcess.Spec(
                    "uploads", "512m", List.of(context.rules()), List.of(), Duration.ofMinutes(3)));
            http = service.http();
            return service.awaitReady(context);
        }

        /**
         * After three inputs in a row without any answer, the service is wedged (it may still run): record it, kill
         * it and go on with a fresh one and an empty store, at most three times. False when the phase cannot go on.
         */
        boolean answering(Answer... answers) throws IOException, InterruptedException {
            boolean any = java.util.Arrays.stream(answers).anyMatch(Answer::answered);
            silentInARow = any ? 0 : silentInARow + 1;
            if (silentInARow < 3 && service.alive()) {
                return true;
            }
            String log = service.logSince(0);
            tally.finding(
                    "the service stopped answering",
                    "after input " + last
                            + (log.contains("OutOfMemoryError")
                                    ? ": OutOfMemoryError in its log (" + service.cause() + ")"
                                    : ": " + service.cause()));
            service.kill();
            if (++restarts > 3) {
                tally.note("gave up after three restarts of a wedged service");
                return false;
            }
            String failure = start();
            silentInARow = 0;
            tally.note(
                    "after input " + last + " the service did not answer; the battery killed it and started a fresh one"
                            + " with an empty store" + (failure == null ? "" : ", which did not start: " + failure));
            return failure == null;
        }

        void go() throws IOException, InterruptedException {
            List<String> bases = bases(context);
            tally.figure("base rules", bases.size());
            knownCase();
            RuleMutator mutator = new RuleMutator(bases, context.options().seed());
            for (int i = 0; i < context.options().uploads(); i++) {
                RuleMutator.Mutant mutant = mutator.mutant(i);
                last = "input " + i + " (" + mutant.kind() + ", seed "
                        + context.options().seed() + ")";
                Answer[] answers = one(mutant.bytes(), mutant.ruleId(), last);
                if (!answering(answers)) {
                    break;
                }
                if ((i + 1) % CHECK_EVERY == 0) {
                    check("after input " + i);
                }
            }
            if (service.alive()) {
                check("at the end");
            }
            tally.figure("restarts of a wedged service", restarts);
            tally.figure("_validate valid / invalid", validAccepted + " / " + validRefused);
            tally.figure("uploads accepted / refused", uploadsAccepted + " / " + uploadsRefused);
            tally.figure("reload checks", reloads);
            tally.figure("alert checks", alertChecks);
            tally.figure("* poisonings (a reload failing after an upload)", poisonings);
        }

        /** The rule that once poisoned the store: a KQL field starting with '.'. */
        private void knownCase() throws IOException {
            String id = BatteryRules.id("dot-field");
            String rule = BatteryRules.rule(
                    id,
                    "Battery dot field",
                    "query",
                    "kuery",
                    "event.category: \"authentication\" or .incoming_token_type: \"none\"",
                    "");
            long before = tally.count("poisoning: reload fails after an upload");
            one(rule.getBytes(java.nio.charset.StandardCharsets.UTF_8), id, "known case: KQL field starting with '.'");
            Map<String, Object> row = knownRow;
            check("after the known case");
            row.put("reload afterwards fails", tally.count("poisoning: reload fails after an upload") > before);
            tally.figure("known case: KQL field starting with '.'", row);
        }

        /** Validates and uploads one rule file; returns the two answers. */
        private Answer[] one(byte[] rule, String id, String label) throws IOException {
            tally.inputs(1);
            byte[] stored = storedBytes(id);
            RawHttp.Request validate =
                    RawHttp.Request.of("POST", "/api/v1/rules/_validate", "application/toml", rule, write);
            Answer v = context.exchange(tally, http, validate, context.timeout());
            RawHttp.Request upload =
                    RawHttp.Request.of("POST", "/api/v1/rules?overwrite=true", "application/toml", rule, write);
            Answer u = context.exchange(tally, http, upload, context.timeout());
            boolean valid = v.status() == 200 && v.text().contains("\"valid\":true");
            boolean accepted = u.status() / 100 == 2;
            validAccepted += valid ? 1 : 0;
            validRefused += valid ? 0 : 1;
            uploadsAccepted += accepted ? 1 : 0;
            uploadsRefused += accepted ? 0 : 1;
            for (Answer a : List.of(v, u)) {
                if (a.status() >= 400 && !a.isProblem()) {
                    tally.finding("error answer that is not a problem", label + " → " + a.excerpt(160));
                }
            }
            if (v.answered() && u.answered() && valid != accepted) {
                tally.finding(
                        "_validate and upload disagree",
                        label + ": _validate " + v.status() + (valid ? " valid" : " invalid") + ", upload "
                                + u.excerpt(140));
            }
            if (!accepted && id != null && !Arrays.equals(stored, storedBytes(id))) {
                tally.finding(
                        "a refused upload was stored anyway",
                        label + ": upload " + u.excerpt(100) + "; store file " + id + ".toml changed");
            }
            if (u.status() >= 500 && service.alive()) {
                check("after " + label);
            }
            knownRow = new LinkedHashMap<>();
            knownRow.put(
                    "_validate",
                    v.answered()
                            ? v.status() + (valid ? " valid" : " invalid")
                            : v.outcome().toString());
            knownRow.put("upload", u.excerpt(100));
            return new Answer[] {v, u};
        }

        private byte[] storedBytes(String id) throws IOException {
            if (id == null) {
                return null;
            }
            Path file = service.store().resolve(id + ".toml");
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        }

        /** The service reloads (200) and the battery's EQL rule still alerts; else clears the store and says so. */
        private void check(String when) throws IOException {
            reloads++;
            RawHttp.Request reload = RawHttp.Request.of("POST", "/api/v1/rules/_reload", null, (byte[]) null, write);
            Answer r = context.exchange(tally, http, reload, context.timeout());
            if (r.status() != 200) {
                poisonings++;
                tally.finding("poisoning: reload fails after an upload", when + ": reload → " + r.excerpt(160));
                clearStore();
                Answer again = context.exchange(tally, http, reload, context.timeout());
                tally.note(when + ": the reload failed (" + r.status()
                        + "); the battery cleared the store by hand; reload then " + again.status());
            }
            alertChecks++;
            RawHttp.Request evaluate = RawHttp.Request.of(
                    "POST",
                    "/api/v1/evaluate?rule_id=" + BatteryRules.EQL_ID,
                    "application/json",
                    BatteryRules.ALERTING_EVENT,
                    context.keys().readHeader());
            Answer e = context.exchange(tally, http, evaluate, context.timeout());
            if (e.status() != 200 || !e.text().contains("\"matched\":true")) {
                tally.finding("the known rule no longer alerts", when + ": " + e.excerpt(160));
            }
        }

        private void clearStore() throws IOException {
            if (!Files.isDirectory(service.store())) {
                return;
            }
            try (Stream<Path> files = Files.list(service.store())) {
                for (Path file : files.toList()) {
                    if (Files.isRegularFile(file)) {
                        Files.delete(file);
                    }
                }
            }
        }
    }
}
