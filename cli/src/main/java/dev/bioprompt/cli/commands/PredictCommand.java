package dev.bioprompt.cli.commands;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.model.VisionLanguageModel;
import dev.bioprompt.backbone.image.ImageFiles;
import dev.bioprompt.cli.CliContext;
import dev.bioprompt.cli.UsageException;
import dev.bioprompt.cli.stores.PromptSetResolver;
import dev.bioprompt.cli.stores.Stores;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.io.TextTable;
import dev.bioprompt.runners.config.DataKeys;
import dev.bioprompt.serving.ClassProbabilities;
import dev.bioprompt.serving.PromptSetClassifier;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bioprompt predict}: class probabilities of images under a promoted prompt set. */
@Command(name = "predict",
        header = "Classify images with a prompt set from the registry or a folder.",
        mixinStandardHelpOptions = true,
        description = {"Classify images with a prompt set: NAME@ALIAS or NAME@VERSION from the registry (cached",
            "locally, checksums verified) or a prompt-set folder. Prints the class probabilities per image, or",
            "writes them to --out as JSON (.json) or CSV (.csv)."})
public final class PredictCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--prompt-set", required = true, paramLabel = "REF",
            description = "NAME@ALIAS, NAME@VERSION or a prompt-set folder.")
    String promptSet;

    @Option(names = "--backbone", paramLabel = "DIR",
            description = "The backbone folder (default: backbone.dir; empty for the embedded toy backbone).")
    String backbone;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the probabilities to FILE (.json or .csv).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (JPEG, PNG, TIFF, BMP), or folders of them.")
    List<Path> images;

    @Inject
    PredictCommand(CliContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() throws IOException {
        String format = out == null ? "" : extension(out);
        if (out != null && !format.equals("json") && !format.equals("csv")) {
            throw new UsageException("--out " + out + ": expected a .json or .csv file name");
        }
        PromptSetResolver.checkReference(promptSet);
        images = expandFolders(images);
        List<BufferedImage> decoded = new ArrayList<>();
        for (Path image : images) {
            try {
                decoded.add(ImageFiles.read(image));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read image " + image + ": " + e.getMessage(), e);
            }
        }
        Stores stores = new Stores(context);
        PromptSetResolver.Resolved resolved = new PromptSetResolver(stores).resolve(promptSet);
        String folder = backbone != null ? backbone : context.settings().get(DataKeys.BACKBONE_DIR);
        List<ClassProbabilities> results;
        List<String> classes;
        try (VisionLanguageModel model = stores.backbone(folder);
             PromptSetClassifier classifier = PromptSetClassifier.open(resolved.promptSet(), model,
                     context.plugins().methods())) {
            results = classifier.classify(decoded);
            classes = classifier.classNames();
        }
        if (out == null) {
            print(context.out(), resolved.origin(), classes, results);
        } else {
            String content = format.equals("json") ? json(resolved.origin(), results) : csv(classes, results);
            AtomicFiles.writeString(out, content);
            context.out().println("Wrote " + results.size() + " predictions to " + out.toAbsolutePath());
        }
        context.out().flush();
        return 0;
    }

    /** Each folder replaced by the image files in it (sorted by name); a folder without images is a usage error. */
    static List<Path> expandFolders(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            List<Path> inside;
            try (Stream<Path> files = Files.list(p)) {
                inside = files.filter(Files::isRegularFile).filter(f -> IMAGE_NAME.matcher(f.getFileName().toString())
                        .matches()).sorted().toList();
            }
            if (inside.isEmpty()) {
                throw new UsageException(p + " is a folder without images (JPEG, PNG, TIFF, BMP); give image files "
                        + "or a folder that holds them");
            }
            out.addAll(inside);
        }
        return out;
    }

    private static final Pattern IMAGE_NAME =
            Pattern.compile("(?i).+\\.(jpe?g|png|tiff?|bmp)");

    private void print(PrintWriter writer, String origin, List<String> classes, List<ClassProbabilities> results) {
        writer.println("Prompt set: " + origin);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("IMAGE", "PREDICTED"));
        header.addAll(classes);
        rows.add(header);
        for (int i = 0; i < results.size(); i++) {
            List<String> row = new ArrayList<>(List.of(images.get(i).toString(), results.get(i).predicted()));
            for (String c : classes) {
                row.add(String.format(Locale.ROOT, "%.4f", results.get(i).byClass().get(c)));
            }
            rows.add(row);
        }
        writer.print(TextTable.render(rows));
    }

    private String json(String origin, List<ClassProbabilities> results) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("image", images.get(i).toString());
            item.put("predicted", results.get(i).predicted());
            item.put("probabilities", results.get(i).byClass());
            items.add(item);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("promptSet", origin);
        root.put("predictions", items);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    private String csv(List<String> classes, List<ClassProbabilities> results) {
        StringBuilder text = new StringBuilder("image,predicted");
        classes.forEach(c -> text.append(',').append(csvField(c)));
        text.append('\n');
        for (int i = 0; i < results.size(); i++) {
            text.append(csvField(images.get(i).toString())).append(',').append(csvField(results.get(i).predicted()));
            for (String c : classes) {
                text.append(',').append(String.format(Locale.ROOT, "%.6f", results.get(i).byClass().get(c)));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

}
