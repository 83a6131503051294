package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.backbone.hub.HubDownloader;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.progress.DownloadProgressReporter;
import dev.bioprompt.data.fetch.DatasetInstaller;
import dev.bioprompt.data.fetch.DatasetSource;
import dev.bioprompt.data.fetch.DatasetSources;
import dev.bioprompt.data.fetch.SafeZipExtractor;
import dev.bioprompt.runners.config.DataKeys;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bioprompt datasets fetch}: downloads catalogued datasets and lays them out the way the readers expect.
 */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {
            "Download datasets into the dataset root: BiomedCoOp's eleven zips from the Hugging Face dataset",
            "repository TahaKoleilat/BiomedCoOp (unpacked to <root>/<NAME>/<NAME>/<class>/<file> beside",
            "<root>/<NAME>/split_<NAME>.json), and MedMNIST+ <flag>_224.npz files from Zenodo record 10519652",
            "(checked against the MD5 in MedMNIST's info.py). Interrupted downloads resume; zips are extracted",
            "safely (no path escapes, absolute names or links; size and entry limits).",
            "Environment: HF_ENDPOINT, HF_TOKEN (the hub); datasets.zenodo-endpoint (a Zenodo mirror)."})
public final class DatasetsFetchCommand implements Callable<Integer> {

    /** Zenodo, where the MedMNIST+ files live; {@code datasets.zenodo-endpoint} replaces it (a mirror). */
    static final String ZENODO = "https://zenodo.org";

    private final CliContext context;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Catalogued datasets (BTMRI, pathmnist, ...).")
    List<String> names;

    @Option(names = "--root", paramLabel = "DIR", description = "Dataset root (default: data.root).")
    Path root;

    @Option(names = "--split-file", paramLabel = "FILE",
            description = "A split_<NAME>.json to use when an archive has none (one dataset at a time).")
    Path splitFile;

    @Option(names = "--revision", paramLabel = "REV", defaultValue = "main",
            description = "Revision of the hub repository (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--cache", paramLabel = "DIR", description = "Download folder for zips (default: <cache.dir>/hub).")
    Path cache;

    @Inject
    DatasetsFetchCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        Path dataRoot = dataRoot(context, root);
        if (splitFile != null && names.size() != 1) {
            throw new UsageException("--split-file applies to one dataset; name exactly one");
        }
        if (splitFile != null && !Files.isRegularFile(splitFile)) {
            throw new UsageException("--split-file " + splitFile + " does not exist");
        }
        List<DatasetSource> sources = new ArrayList<>();
        for (String name : names) {
            try {
                sources.add(DatasetSources.get(name));
            } catch (NoSuchElementException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Path hubCache = cache != null ? cache.toAbsolutePath().normalize()
                : CacheDirectory.resolve(context.settings(), context.environment()).resolve("hub");
        HubDownloader downloader = HubDownloader.fromEnvironment(hubCache, context.environment());
        URI zenodo = URI.create(context.settings().get(DataKeys.ZENODO_ENDPOINT));
        DatasetInstaller installer = new DatasetInstaller(SafeZipExtractor.DEFAULT);
        Files.createDirectories(dataRoot);
        try (DownloadProgressReporter progress = DownloadProgressReporter.forConsole(context.err())) {
            for (DatasetSource s : sources) {
                if (s.kind() == DatasetSource.Kind.URL) {
                    Path target = dataRoot.resolve(s.file());
                    downloader.downloadUrl(s.urlAt(zenodo), target, s.md5(), progress);
                    context.out().printf("%s: %s (MD5 %s, from %s)%n", s.name(), target, s.md5().orElse("-"),
                            s.source());
                    continue;
                }
                if (DatasetInstaller.isInstalled(dataRoot, s.name())) {
                    context.out().printf("%s: already in %s%n", s.name(), dataRoot.resolve(s.name()));
                    continue;
                }
                Path zip = downloader.download(s.repo(), revision, s.file(), progress);
                DatasetInstaller.Installed done;
                try {
                    done = installer.install(zip, s.name(), dataRoot, Optional.ofNullable(splitFile));
                } catch (IOException e) {
                    if (e.getMessage() != null && e.getMessage().contains("--split-file")) {
                        context.err().println(e.getMessage());
                        return 1;
                    }
                    throw e;
                }
                context.out().printf("%s: %d files in %s (split file %s)%n", s.name(), done.files(), done.folder(),
                        done.splitFromArchive() ? "from the archive" : "from " + splitFile);
            }
        }
        context.out().println("Check with: bioprompt datasets verify NAME --root " + dataRoot);
        context.out().flush();
        return 0;
    }

    /** The dataset root: the option, else {@code data.root}, else a usage error. */
    static Path dataRoot(CliContext context, Path option) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String configured = context.settings().get(DataKeys.DATA_ROOT);
        if (configured.isBlank()) {
            throw new UsageException("no dataset root: pass --root DIR or set data.root");
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }
}
