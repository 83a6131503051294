package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.backbone.hub.HubDownloader;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.progress.DownloadProgressReporter;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bioprompt weights fetch}: downloads the released BiomedCLIP weights from the Hugging Face hub. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {
            "Download the released BiomedCLIP weights, configuration and tokenizer from the Hugging Face hub",
            "(" + HubDownloader.BIOMEDCLIP_REPO + ") and print the folder to use as backbone.dir.",
            "Interrupted downloads resume; every file is checked against the hub's checksum.",
            "Environment: HF_ENDPOINT (a mirror, default " + HubDownloader.DEFAULT_ENDPOINT + "),",
            "HF_TOKEN (an access token, sent to that endpoint only)."})
public final class WeightsFetchCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--revision", paramLabel = "REV", defaultValue = "main",
            description = "Branch, tag or commit of the model repository (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Download folder (default: <cache.dir>/hub).")
    Path cache;

    @Inject
    WeightsFetchCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        Path root = cache != null ? cache.toAbsolutePath().normalize()
                : CacheDirectory.resolve(context.settings(), context.environment()).resolve("hub");
        HubDownloader downloader = HubDownloader.fromEnvironment(root, context.environment());
        Path folder;
        try (DownloadProgressReporter progress = DownloadProgressReporter.forConsole(context.err())) {
            folder = downloader.downloadBiomedClip(revision, progress);
        }
        context.err().println("BiomedCLIP (" + revision + ") is in " + folder + "; use it with --set backbone.dir="
                + folder);
        context.out().println(folder);
        context.out().flush();
        return 0;
    }
}
