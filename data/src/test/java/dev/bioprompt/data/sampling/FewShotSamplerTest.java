package dev.bioprompt.data.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.data.TestResources;
import dev.bioprompt.data.split.SplitEntry;
import dev.bioprompt.data.split.SplitFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FewShotSamplerTest {

    @Test
    void reproducesEveryReferenceListExactly() throws IOException {
        Map<String, Map<String, List<String>>> reference;
        try (InputStream in = getClass().getResourceAsStream("/fewshot-reference.json")) {
            reference = new ObjectMapper().readValue(in, new TypeReference<>() { });
        }
        assertThat(reference.keySet()).containsExactlyInAnyOrder("BTMRI", "BUSI", "RETINA");
        int checked = 0;
        for (var dataset : reference.entrySet()) {
            SplitFile split = TestResources.split(dataset.getKey());
            for (int shots : new int[] {1, 2, 4, 8, 16}) {
                for (int seed = 1; seed <= 3; seed++) {
                    List<String> expected = dataset.getValue().get("K" + shots + "_seed" + seed);
                    FewShotDraw<SplitEntry> draw = FewShotSampler.draw(split.train(), split.val(), SplitEntry::label,
                            shots, seed);
                    assertThat(draw.train().stream().map(SplitEntry::path).toList())
                            .as("%s K=%d seed=%d", dataset.getKey(), shots, seed)
                            .containsExactlyElementsOf(expected);
                    assertThat(draw.val()).hasSize(Math.min(shots, 4) * split.classNames().size());
                    assertThat(draw.warnings()).isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(45);
    }

    @Test
    void valIsDrawnAfterTrainFromTheSameStream() {
        SplitFile split = TestResources.split("BUSI");
        FewShotDraw<SplitEntry> draw = FewShotSampler.draw(split.train(), split.val(), SplitEntry::label, 2, 1);
        PythonRandom random = new PythonRandom(1);
        FewShotSampler.sampleByLabel(split.train(), SplitEntry::label, 2, random, "train", new ArrayList<>());
        List<SplitEntry> val = FewShotSampler.sampleByLabel(split.val(), SplitEntry::label, 2, random, "val",
                new ArrayList<>());
        assertThat(draw.val()).isEqualTo(val);
        FewShotDraw<SplitEntry> fresh = FewShotSampler.draw(split.val(), split.val(), SplitEntry::label, 2, 1);
        assertThat(fresh.train()).isNotEqualTo(draw.val());
    }

    @Test
    void groupSmallerThanKIsTakenWholeWithAWarning() {
        List<SplitEntry> items = List.of(new SplitEntry("a/1", 0, "a"), new SplitEntry("b/1", 1, "b"),
                new SplitEntry("a/2", 0, "a"), new SplitEntry("b/2", 1, "b"), new SplitEntry("b/3", 1, "b"));
        FewShotDraw<SplitEntry> draw = FewShotSampler.draw(items, List.of(), SplitEntry::label, 3, 1);
        assertThat(draw.train()).hasSize(5);
        assertThat(draw.train().subList(0, 2)).extracting(SplitEntry::path).containsExactly("a/1", "a/2");
        assertThat(draw.warnings()).singleElement().asString().contains("label 0").contains("only 2");
    }
}
