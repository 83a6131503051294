package dev.bioprompt.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.promptset.Tensor;
import dev.bioprompt.cli.CliRun;
import dev.bioprompt.registry.LocalPromptSetRegistry;
import dev.bioprompt.registry.PromptSetSignatures;
import dev.bioprompt.registry.RegistrySecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry verify} and the signing settings, end to end through the command line. */
class RegistryIntegrityCommandsTest {

    @TempDir
    Path dir;

    private static PromptSet sample(String run, float value) {
        PromptSetManifest manifest = new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, "coop", Map.of(),
                "toy", "btmri", List.of("a", "b"), List.of(), Map.of("accuracy", 80.0), run, "2026-12-01T00:00:00Z",
                Map.of());
        return new PromptSet(manifest, Map.of("ctx", new Tensor(new long[] {2}, new float[] {value, 1})));
    }

    @Test
    void verifyReportsAForgedVersionAndExitsOne() throws Exception {
        Path registryDir = dir.resolve("registry");
        LocalPromptSetRegistry registry = new LocalPromptSetRegistry(registryDir);
        registry.publish("btmri", sample("run-1", 1));
        registry.setAlias("btmri", "production", 1, "first");
        String[] verify = {"--set", "registry.uri=" + registryDir, "registry", "verify", "btmri"};

        CliRun sound = CliRun.of(verify);
        assertThat(sound.exitCode()).as(sound.err()).isZero();
        assertThat(sound.out()).contains("1 published version(s)", "OK");

        Path manifest = registryDir.resolve("btmri/versions/1/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"coop\"", "\"biomed-dpt\""));
        CliRun forged = CliRun.of(verify);
        assertThat(forged.exitCode()).isEqualTo(1);
        assertThat(forged.out()).contains("unverifiable: version 1", manifest.toString(), "dangling alias");
    }

    @Test
    void aConfiguredPublicKeyRefusesUnsignedVersionsAndAcceptsSignedOnes() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path privateKey = dir.resolve("signing.pem");
        Path publicKey = dir.resolve("verify.pem");
        Files.writeString(privateKey, PromptSetSignatures.pem(keys.getPrivate()));
        Files.writeString(publicKey, PromptSetSignatures.pem(keys.getPublic()));
        Path registryDir = dir.resolve("registry");
        new LocalPromptSetRegistry(registryDir).publish("btmri", sample("run-1", 1));
        new LocalPromptSetRegistry(registryDir).withSecurity(new RegistrySecurity(
                Optional.of(PromptSetSignatures.readPrivateKey(privateKey)), Optional.empty()))
                .publish("btmri", sample("run-2", 2));

        CliRun checked = CliRun.of("--set", "registry.uri=" + registryDir, "--set",
                "registry.signing.public-key=" + publicKey, "registry", "verify", "btmri");
        assertThat(checked.exitCode()).isEqualTo(1);
        assertThat(checked.out()).contains("unverifiable: version 1", "unsigned").doesNotContain("version 2:");
        CliRun shown = CliRun.of("--set", "registry.uri=" + registryDir, "--set",
                "registry.signing.public-key=" + publicKey, "registry", "show", "btmri@2");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("run-2");
    }
}
