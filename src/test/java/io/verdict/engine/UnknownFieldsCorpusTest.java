package io.verdict.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.verdict.Shared;
import io.verdict.event.Schema;
import io.verdict.rule.RuleDirectories;
import io.verdict.rule.RuleLoader;

class UnknownFieldsCorpusTest {

    @Test
    void explore() {
        Path rules = Shared.require("corpus/detection-rules");
        var set = new RuleDirectories(new RuleLoader(), Clock.systemUTC()).load(List.of(rules));
        Detector detector = new RuleCompiler(Schema.catalog(), Clock.systemUTC()).compile(set);
        RuleCompiler.queryWarnings(detector).forEach(p -> System.out.println("W\t" + p.origin() + "\t" + p.message()));
    }
}
