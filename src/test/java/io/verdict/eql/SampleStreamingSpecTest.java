package io.verdict.eql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.verdict.Shared;
import io.verdict.eql.sample.SampleBatch;
import io.verdict.eql.sample.SampleLimits;
import io.verdict.eql.sample.SampleMatch;
import io.verdict.eql.sample.SampleMatcher;
import io.verdict.eql.sample.SamplePlan;
import io.verdict.eql.sample.SampleSnapshot;
import io.verdict.event.Event;
import io.verdict.query.SourceText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.TomlTable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every sample query of the Elasticsearch spec files, streamed in chunks with a JSON snapshot and restore between
 * them: the samples held at the end are those of one batch, and as many samples were returned along the way,
 * none twice. (Which events a key's samples use may differ between the two: a sample is returned when it becomes
 * possible, while the final state picks, as Elasticsearch does, the first in filter order.)
 */
class SampleStreamingSpecTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> chunkedEqualsBatch() {
        Path dir = Shared.require("conformance/elasticsearch-eql");
        Map<String, EqlSpecData> files = Map.of(
                "test_sample.toml", EqlSpecData.unordered(dir, "id", "sample1", "sample2", "sample3"),
                "test_sample_multi.toml", EqlSpecData.unordered(dir, "id", "sample-multi"));
        List<DynamicTest> tests = new ArrayList<>();
        files.forEach((file, data) -> {
            for (TomlTable spec : ElasticsearchEqlSpecTest.load(dir.resolve(file))) {
                EqlOptions options = EqlOptions.defaults().withSchema(data.schema());
                SamplePlan plan =
                        SamplePlan.of(new EqlCompiler().compile(SourceText.of(spec.getString("query")), options));
                int perKey = spec.contains("max_samples_per_key")
                        ? spec.getLong("max_samples_per_key").intValue()
                        : 1;
                tests.add(DynamicTest.dynamicTest(file + " " + spec.getString("name"), () -> {
                    List<String> batch = render(SampleBatch.run(plan, data.events(), Integer.MAX_VALUE, perKey), data);
                    SampleMatcher matcher = new SampleMatcher(plan, SampleLimits.unbounded(perKey));
                    List<SampleMatch> returned = new ArrayList<>();
                    List<Event> events = data.events();
                    for (int i = 0; i < events.size(); i++) {
                        returned.addAll(matcher.offer(events.get(i)));
                        if (i % 7 == 6) {
                            String json = JSON.writeValueAsString(matcher.snapshot());
                            SampleMatcher restored = SampleMatcher.restore(
                                    plan, SampleLimits.unbounded(perKey), JSON.readValue(json, SampleSnapshot.class));
                            assertEquals(matcher.stats(), restored.stats());
                            matcher = restored;
                        }
                    }
                    assertEquals(batch, render(matcher.samples(), data));
                    List<String> streamed = render(returned, data);
                    assertEquals(batch.size(), streamed.size(), "samples returned along the way");
                    assertEquals(streamed.size(), streamed.stream().distinct().count(), "a sample returned twice");
                }));
            }
        });
        return tests.stream();
    }

    private static List<String> render(List<SampleMatch> samples, EqlSpecData data) {
        return samples.stream()
                .map(s -> s.key().renderForSample() + " "
                        + s.events().stream().map(data::id).toList())
                .toList();
    }
}
