package dev.bioprompt.cli.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.runner.SweepSpec;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.data.catalog.DatasetCatalog;
import dev.bioprompt.runners.sweep.SweepExpander;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The papers' protocols under {@code experiments/} expand into valid sweeps over catalogued datasets. */
class ExperimentFilesTest {

    private static final Path EXPERIMENTS = Path.of("../experiments");
    private static final Set<String> METHODS = Set.of("zero-shot", "coop", "biomedcoop", "biomed-dpt", "biovlm", "ogkd");

    @Test
    void everyExperimentExpandsOverCataloguedDatasetsAndKnownMethods() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXPERIMENTS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSize(9);
        for (Path file : files) {
            Map<String, Object> experiment;
            try (Reader in = Files.newBufferedReader(file)) {
                experiment = new Yaml().load(in);
            }
            SweepSpec sweep = SweepExpander.expand(experiment, file.toString());
            assertThat(sweep.cells()).as(file.toString()).isNotEmpty();
            for (JobSpec cell : sweep.cells()) {
                assertThat(METHODS).as(file + " method").contains(cell.method());
                assertThat(DatasetCatalog.contains(cell.dataset())).as(file + " " + cell.dataset()).isTrue();
                assertThat(cell.seed()).isBetween(1L, 3L);
                if (cell.protocol() == Protocol.BASE_TO_NOVEL) {
                    assertThat(DatasetCatalog.get(cell.dataset()).baseToNovel()).as(file + " " + cell.dataset())
                            .isTrue();
                    assertThat(cell.shots()).isEqualTo(16);
                }
                cell.targets().forEach(t -> assertThat(DatasetCatalog.contains(t)).as(t).isTrue());
            }
        }
        Map<String, Object> fewShot = new Yaml().load(Files.readString(EXPERIMENTS.resolve("biomedcoop-few-shot.yaml")));
        assertThat(SweepExpander.expand(fewShot, "f").cells()).hasSize(2 * 11 * 5 * 3);
    }
}
