package dev.bioprompt.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandardTagsTest {
    @TempDir
    Path tmp;

    @Test
    void buildsTheMlflowSystemTags() {
        Map<String, String> tags = StandardTags.builder().runName("coop-seed1").user("alice")
                .sourceName("experiments/btmri.yaml").sourceType(StandardTags.SourceType.JOB)
                .parentRunId("abc").gitCommit("0".repeat(40)).tag("dataset", "BTMRI").build();
        assertThat(tags).containsEntry("mlflow.runName", "coop-seed1").containsEntry("mlflow.user", "alice")
                .containsEntry("mlflow.source.name", "experiments/btmri.yaml")
                .containsEntry("mlflow.source.type", "JOB").containsEntry("mlflow.parentRunId", "abc")
                .containsEntry("mlflow.source.git.commit", "0".repeat(40)).containsEntry("dataset", "BTMRI")
                .containsKey("bioprompt.version");
        assertThat(tags.get("bioprompt.version")).isNotBlank().doesNotContain("${");
        assertThat(StandardTags.builder().build().get("mlflow.source.git.commit"))
                .as("the build runs inside a git working tree")
                .isEqualTo(StandardTags.discoverGitCommit(Path.of("")).orElse(null));
        assertThat(StandardTags.detectSourceType(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")))
                .isEqualTo(StandardTags.SourceType.JOB);
        assertThat(StandardTags.detectSourceType(Map.of())).isEqualTo(StandardTags.SourceType.LOCAL);
    }

    @Test
    void discoversTheGitCommitOfPlainAndLinkedWorktrees() throws Exception {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git/refs/heads"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(repo.resolve(".git/refs/heads/main"), sha + "\n");
        Path sub = Files.createDirectories(repo.resolve("a/b"));
        assertThat(StandardTags.discoverGitCommit(sub)).contains(sha);

        String other = "fedcba9876543210fedcba9876543210fedcba98";
        Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs\n" + other + " refs/heads/feature\n");
        Path wtGit = Files.createDirectories(repo.resolve(".git/worktrees/wt"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/feature\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(tmp.resolve("wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + wtGit + "\n");
        assertThat(StandardTags.discoverGitCommit(worktree)).contains(other);

        assertThat(StandardTags.discoverGitCommit(Files.createDirectories(tmp.resolve("nogit")))).isEmpty();
    }
}
