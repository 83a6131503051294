package dev.bioprompt.tracking.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogBatchTest {
    @Test
    void splitsAtTheEntryLimits() {
        List<MetricPoint> metrics = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            metrics.add(new MetricPoint("m" + i, i, 1L, 0L));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            params.put("p" + i, "v");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            tags.put("t" + i, "v");
        }
        List<LogBatch> batches = LogBatch.split(metrics, params, tags);
        for (LogBatch batch : batches) {
            assertThat(batch.metrics()).hasSizeLessThanOrEqualTo(1000);
            assertThat(batch.params()).hasSizeLessThanOrEqualTo(100);
            assertThat(batch.tags()).hasSizeLessThanOrEqualTo(100);
            assertThat(batch.size()).isLessThanOrEqualTo(1000);
        }
        assertThat(batches.stream().mapToInt(b -> b.metrics().size()).sum()).isEqualTo(2500);
        assertThat(batches.stream().mapToInt(b -> b.params().size()).sum()).isEqualTo(150);
        assertThat(batches.stream().mapToInt(b -> b.tags().size()).sum()).isEqualTo(120);
        assertThat(batches).hasSize(3);
        assertThat(LogBatch.split(metrics.subList(0, 2500), Map.of(), Map.of())).hasSize(3);
        assertThat(LogBatch.split(List.of(), Map.of(), Map.of())).isEmpty();
    }

    @Test
    void keepsEachBodyUnderOneMegabyte() {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            params.put("p" + i, "\u00e9".repeat(6000));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            tags.put("t" + i, "\u00e9".repeat(8000));
        }
        List<LogBatch> batches = LogBatch.split(List.of(), params, tags);
        assertThat(batches.size()).isGreaterThan(2);
        for (LogBatch batch : batches) {
            assertThat(batch.toJson("0123456789abcdef0123456789abcdef").toString().getBytes(StandardCharsets.UTF_8))
                    .hasSizeLessThanOrEqualTo(LogBatch.MAX_BODY_BYTES);
        }
        assertThat(batches.stream().mapToInt(LogBatch::size).sum()).isEqualTo(200);
    }

    @Test
    void roundTripsNonFiniteValuesAsMlflowStrings() {
        LogBatch batch = new LogBatch(List.of(new MetricPoint("a", Double.NaN, 1, 2),
                new MetricPoint("b", Double.NEGATIVE_INFINITY, 1, 2)), Map.of(), Map.of());
        String json = batch.toJson("r").toString();
        assertThat(json).contains("\"value\":\"NaN\"").contains("\"value\":\"-Infinity\"");
        LogBatch back = LogBatch.fromJson(batch.toJson("r"));
        assertThat(back.metrics().get(0).value()).isNaN();
        assertThat(back.metrics().get(1).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
