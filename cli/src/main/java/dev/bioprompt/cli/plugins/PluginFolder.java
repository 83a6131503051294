package dev.bioprompt.cli.plugins;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.nio.file.Path;

/**
 * The folder of plugin jars, as {@code plugins.dir} resolves.
 *
 * <p>Empty (the default): {@code <install>/plugins}, the installation folder being the system property
 * {@code bioprompt.home} (the {@code bioprompt} launcher sets it), or the working folder when it is unset. An
 * absolute path is used as is, {@code ~} and {@code ~/...} start at the user's home folder, and any other relative
 * path resolves against the working folder. A configured folder that does not exist is a warning naming it; the
 * default folder may be absent.
 *
 * @param path the absolute, normalised folder
 * @param configured whether {@code plugins.dir} was set (then a missing folder is worth a warning)
 */
public record PluginFolder(Path path, boolean configured) {

    /** The system property naming the installation folder. */
    public static final String HOME_PROPERTY = "bioprompt.home";

    public PluginFolder {
        requireNonNull(path, "path is null");
    }

    /**
     * Resolves a {@code plugins.dir} setting.
     *
     * @param setting the configured value, empty for the default
     * @param home the installation folder ({@code bioprompt.home}), or null
     * @param workingDir the working folder
     * @param userHome the user's home folder
     */
    public static PluginFolder resolve(String setting, String home, Path workingDir, Path userHome) {
        requireNonNull(workingDir, "workingDir is null");
        requireNonNull(userHome, "userHome is null");
        String value = setting == null ? "" : setting.trim();
        if (value.isEmpty()) {
            Path base = home == null || home.isBlank() ? workingDir : workingDir.resolve(home.trim());
            return new PluginFolder(base.resolve("plugins").toAbsolutePath().normalize(), false);
        }
        Path path;
        if (value.equals("~")) {
            path = userHome;
        } else if (value.startsWith("~/") || value.startsWith("~" + File.separator)) {
            path = userHome.resolve(value.substring(2));
        } else {
            path = workingDir.resolve(value);
        }
        return new PluginFolder(path.toAbsolutePath().normalize(), true);
    }

    /** Resolves a setting with this process's {@code bioprompt.home}, working folder and home folder. */
    public static PluginFolder resolve(String setting) {
        return resolve(setting, System.getProperty(HOME_PROPERTY), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")));
    }
}
