package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.backbone.hub.HubDownloader;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.config.CacheDirectory;
import dev.bioprompt.cli.progress.DownloadProgressReporter;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
            "HF_TOKEN (an access token, sent to that endpoint only).",
            "With --released-prompts, downloads BiomedCoOp's released prompt-learner checkpoints instead",
            "(" + WeightsFetchCommand.PROMPTS_REPO + ": few_shot/<ds>/shots_<K>/<Trainer>/nctx4_cscFalse_ctpend/",
            "seed<S>/prompt_learner/model.pth.tar-100, or base2new/train_base/<ds>/shots_16/.../model.pth.tar-50);",
            "convert them with 'bioprompt import dassl'."})
public final class WeightsFetchCommand implements Callable<Integer> {

    /** The model repository of BiomedCoOp's released prompt learners. */
    static final String PROMPTS_REPO = "TahaKoleilat/BiomedCoOp";

    private final CliContext context;

    @Option(names = "--released-prompts", description = "Download released prompt learners, not the backbone.")
    boolean releasedPrompts;

    @Option(names = "--dataset", paramLabel = "DS", description = "With --released-prompts: the dataset (BTMRI, ...).")
    String dataset;

    @Option(names = "--task", defaultValue = "few-shot", paramLabel = "TASK",
            description = "With --released-prompts: few-shot or base-to-novel (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--shots", defaultValue = "16", paramLabel = "K",
            description = "With --released-prompts: K for few-shot (default: ${DEFAULT-VALUE}; base-to-novel is 16).")
    int shots;

    @Option(names = "--trainer", defaultValue = "BiomedCoOp_BiomedCLIP", paramLabel = "NAME",
            description = "With --released-prompts: the Dassl trainer (default: ${DEFAULT-VALUE}; CoOp_BiomedCLIP, ...).")
    String trainer;

    @Option(names = "--seed", split = ",", paramLabel = "S",
            description = "With --released-prompts: seeds (default: 1).")
    List<Integer> seeds;

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
        if (releasedPrompts) {
            return fetchPrompts(downloader);
        }
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

    /** The path of a released prompt-learner checkpoint in {@value #PROMPTS_REPO}. */
    public static String promptPath(String task, String dataset, int shots, String trainer, int seed) {
        String ds = dataset.toLowerCase(Locale.ROOT);
        return switch (task) {
            case "few-shot" -> "few_shot/" + ds + "/shots_" + shots + "/" + trainer + "/nctx4_cscFalse_ctpend/seed" + seed
                    + "/prompt_learner/model.pth.tar-100";
            case "base-to-novel" -> "base2new/train_base/" + ds + "/shots_16/" + trainer + "/nctx4_cscFalse_ctpend/seed"
                    + seed + "/prompt_learner/model.pth.tar-50";
            default -> throw new UsageException("--task must be few-shot or base-to-novel, was '"
                    + task + "'");
        };
    }

    private int fetchPrompts(HubDownloader downloader) throws IOException {
        if (dataset == null || dataset.isBlank()) {
            throw new UsageException("--released-prompts needs --dataset");
        }
        List<Integer> chosen = seeds == null || seeds.isEmpty() ? List.of(1) : seeds;
        try (DownloadProgressReporter progress = DownloadProgressReporter.forConsole(context.err())) {
            for (int seed : chosen) {
                Path file = downloader.download(PROMPTS_REPO, revision, promptPath(task, dataset, shots, trainer, seed),
                        progress);
                context.out().println(file);
            }
        }
        context.err().println("Convert with: bioprompt import dassl FILE --method biomedcoop --dataset " + dataset
                + " --out DIR");
        context.out().flush();
        return 0;
    }
}
