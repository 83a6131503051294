package dev.bioprompt.cli.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PluginFolderTest {

    private static final Path WORK = Path.of("/srv/elsewhere");
    private static final Path USER = Path.of("/home/someone");

    @Test
    void defaultIsThePluginsFolderOfTheInstallation() {
        assertThat(PluginFolder.resolve("", "/opt/bioprompt", WORK, USER))
                .isEqualTo(new PluginFolder(Path.of("/opt/bioprompt/plugins"), false));
    }

    @Test
    void defaultWithoutInstallationIsThePluginsFolderOfTheWorkingFolder() {
        assertThat(PluginFolder.resolve("", null, WORK, USER))
                .isEqualTo(new PluginFolder(Path.of("/srv/elsewhere/plugins"), false));
    }

    @Test
    void absoluteAndHomeRelativeSettingsDoNotDependOnTheWorkingFolder() {
        assertThat(PluginFolder.resolve("/srv/plugins", "/opt/bioprompt", WORK, USER))
                .isEqualTo(new PluginFolder(Path.of("/srv/plugins"), true));
        assertThat(PluginFolder.resolve("~/bioprompt-plugins", "/opt/bioprompt", WORK, USER))
                .isEqualTo(new PluginFolder(Path.of("/home/someone/bioprompt-plugins"), true));
        assertThat(PluginFolder.resolve("~", null, WORK, USER)).isEqualTo(new PluginFolder(USER, true));
    }

    @Test
    void otherRelativeSettingsResolveAgainstTheWorkingFolder() {
        assertThat(PluginFolder.resolve("my/plugins", "/opt/bioprompt", WORK, USER))
                .isEqualTo(new PluginFolder(Path.of("/srv/elsewhere/my/plugins"), true));
    }
}
