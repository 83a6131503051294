package dev.bioprompt.data.fetch;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.data.split.SplitFile;
import dev.bioprompt.data.split.SplitFileReader;
import dev.bioprompt.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lays a downloaded BiomedCoOp dataset zip out the way BiomedCoOp's {@code assets/DATASETS.md} describes and the
 * readers expect: {@code <root>/<NAME>/<NAME>/<class>/<file>} beside {@code <root>/<NAME>/split_<NAME>.json}.
 *
 * <p>The archive is extracted safely into a hidden staging folder under the root. The split file is the archive's
 * {@code split_<NAME>.json} (at any depth up to three), unless one is given; the image folder is the shallowest
 * folder in which the split file's first training entry exists. The finished folder is moved into place in one
 * step, so a failure leaves nothing half-installed.
 *
 * @param extractor the zip extractor and its limits
 */
public record DatasetInstaller(SafeZipExtractor extractor) {

    /** What an installation did. */
    public record Installed(Path folder, boolean splitFromArchive, boolean alreadyPresent, long files) {
    }

    public DatasetInstaller {
        requireNonNull(extractor, "extractor is null");
    }

    /** Whether {@code <root>/<NAME>} already holds a split file and an image folder. */
    public static boolean isInstalled(Path root, String name) {
        Path folder = root.resolve(name);
        return Files.isRegularFile(folder.resolve("split_" + name + ".json")) && Files.isDirectory(folder.resolve(name));
    }

    /**
     * Installs {@code zip} as dataset {@code name} under {@code root}.
     *
     * @param splitFile a split file to use; required when the archive has none
     * @throws IOException when the archive is unsafe, lacks a split file and none was given, or its images do not
     *     match the split file; {@code <root>/<NAME>} is then untouched
     */
    public Installed install(Path zip, String name, Path root, Optional<Path> splitFile) throws IOException {
        requireNonNull(zip, "zip is null");
        requireNonNull(name, "name is null");
        requireNonNull(root, "root is null");
        requireNonNull(splitFile, "splitFile is null");
        Path folder = root.resolve(name);
        if (isInstalled(root, name)) {
            return new Installed(folder, false, true, 0);
        }
        if (Files.exists(folder)) {
            throw new IOException(folder + " exists but is not a complete dataset (expected split_" + name
                    + ".json and the image folder " + name + "/); move it away and fetch again");
        }
        Files.createDirectories(root);
        long stamp = System.nanoTime();
        Path staging = root.resolve("." + name + ".extract-" + stamp);
        try {
            long files = extractor.extract(zip, staging);
            String splitName = "split_" + name + ".json";
            Optional<Path> inArchive = find(staging, splitName, true);
            Path split;
            boolean fromArchive;
            if (splitFile.isPresent()) {
                split = splitFile.get();
                fromArchive = false;
            } else if (inArchive.isPresent()) {
                split = inArchive.get();
                fromArchive = true;
            } else {
                throw new IOException(zip + " has no " + splitName + "; pass the split file with --split-file");
            }
            SplitFile parsed = SplitFileReader.read(split);
            String first = parsed.train().get(0).path();
            Path images = imageFolder(staging, first).orElseThrow(() -> new IOException(zip + ": no folder in the "
                    + "archive holds '" + first + "', the first training entry of " + split));
            AtomicFiles.writeFolder(folder, AtomicFiles.IfExists.FAIL, assembled -> {
                Files.copy(split, assembled.resolve(splitName));
                Files.move(images, assembled.resolve(name));
            });
            return new Installed(folder, fromArchive, false, files);
        } finally {
            DatasetFiles.deleteTree(staging);
        }
    }

    private static Optional<Path> imageFolder(Path staging, String firstEntry) throws IOException {
        try (Stream<Path> dirs = Files.walk(staging, 3)) {
            List<Path> candidates = dirs.filter(Files::isDirectory)
                    .sorted(Comparator.comparingInt(Path::getNameCount)).toList();
            for (Path d : candidates) {
                if (Files.isRegularFile(d.resolve(firstEntry))) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> find(Path staging, String fileName, boolean shallowest) throws IOException {
        try (Stream<Path> files = Files.walk(staging, 4)) {
            return files.filter(p -> p.getFileName().toString().equals(fileName) && Files.isRegularFile(p))
                    .min(Comparator.comparingInt(Path::getNameCount));
        }
    }
}
