package dev.bioprompt.runners.cell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.runner.JobSpec;
import dev.bioprompt.api.task.FewShotTask;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.api.task.Protocol;
import dev.bioprompt.data.TaskBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A method may sample its support set with another seed than the run seed (the few-shot CLIP harness reuses seed 1's
 * support set in every run); the task still carries the run seed for everything else.
 */
class SupportSeedTest {

    @TempDir
    Path cache;

    private static List<String> ids(FewShotTask task) {
        return task.support().images().stream().map(LabeledImage::source).map(s -> s.id()).toList();
    }

    @Test
    void theSupportSetFollowsTheMethodsSupportSeedAndTheTaskKeepsTheRunSeed() throws Exception {
        Path root = DataRoots.resolve("", cache);
        TaskBuilder builder = new TaskBuilder(root);
        JobSpec seed2 = new JobSpec("m", "TOY_US", Protocol.FEW_SHOT, 4, 2, List.of(), Map.of());
        FewShotTask own = TrainingCellExecutor.task(builder, seed2, 2);
        FewShotTask reused = TrainingCellExecutor.task(builder, seed2, 1);
        FewShotTask seed1 = builder.build("TOY_US", Protocol.FEW_SHOT, 4, 1, List.of());
        assertThat(own.seed()).isEqualTo(2);
        assertThat(reused.seed()).as("the run seed stays the task seed").isEqualTo(2);
        assertThat(ids(reused)).as("seed 1's support set").isEqualTo(ids(seed1)).isNotEqualTo(ids(own));
        assertThat(reused.validation().images()).isEqualTo(seed1.validation().images());
    }
}
