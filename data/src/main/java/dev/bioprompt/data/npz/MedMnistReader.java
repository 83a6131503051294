package dev.bioprompt.data.npz;

import dev.bioprompt.api.task.ImageSet;
import dev.bioprompt.api.task.LabeledImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads MedMNIST / MedMNIST+ {@code .npz} files: keys {@code <split>_images} (uint8 {@code [N,H,W]} grey or
 * {@code [N,H,W,3]} RGB at 28, 64, 128 or 224 px) and {@code <split>_labels} ({@code [N,1]} or {@code [N]} integers)
 * for the splits train, val and test. Labels are read eagerly and checked; pixels are read on first use.
 */
public final class MedMnistReader {

    private static final Set<String> SPLITS = Set.of("train", "val", "test");

    private MedMnistReader() {
    }

    /**
     * Reads one split as an image set.
     *
     * @param file the {@code .npz} archive
     * @param split {@code train}, {@code val} or {@code test}
     * @param classNames class names in label order; every label must index into them
     * @throws IOException naming the file and key when a key is missing, a shape or dtype is wrong, or a label is
     *     out of range
     */
    public static ImageSet read(Path file, String split, List<String> classNames) throws IOException {
        if (!SPLITS.contains(split)) {
            throw new IllegalArgumentException("unknown split '" + split + "': expected train, val or test");
        }
        String imagesKey = split + "_images";
        String labelsKey = split + "_labels";
        long[] imageShape;
        long[] labels;
        try (NpzFile npz = NpzFile.open(file)) {
            Set<String> keys = npz.keys();
            for (String key : List.of(imagesKey, labelsKey)) {
                if (!keys.contains(key)) {
                    throw new IOException(file + ": missing key '" + key + "' (expected train/val/test _images and "
                            + "_labels; found " + keys + ")");
                }
            }
            NpyArray labelArray = npz.read(labelsKey);
            long[] ls = labelArray.shape();
            if (!(ls.length == 1 || (ls.length == 2 && ls[1] == 1))) {
                throw new IOException(file + "#" + labelsKey + ": expected shape [N,1] or [N], was "
                        + Arrays.toString(ls) + " (multi-label datasets are not supported)");
            }
            labels = labelArray.toLongArray();
            imageShape = peekShape(file, imagesKey);
        }
        if (imageShape.length != 3 && !(imageShape.length == 4 && (imageShape[3] == 3 || imageShape[3] == 1))) {
            throw new IOException(file + "#" + imagesKey + ": expected shape [N,H,W] or [N,H,W,3], was "
                    + Arrays.toString(imageShape));
        }
        if (imageShape[0] != labels.length) {
            throw new IOException(file + ": " + imagesKey + " has " + imageShape[0] + " images but " + labelsKey
                    + " has " + labels.length + " labels");
        }
        LazyArray images = new LazyArray(file, imagesKey);
        String name = file.getFileName().toString();
        List<LabeledImage> out = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            long label = labels[i];
            if (label < 0 || label >= classNames.size()) {
                throw new IOException(file + "#" + labelsKey + "[" + i + "]: label " + label + " is outside 0.."
                        + (classNames.size() - 1) + " for classes " + classNames);
            }
            out.add(new LabeledImage(new NpzImageSource(name + "#" + split + "[" + i + "]", images, i), (int) label));
        }
        return new ImageSet(split, classNames, out);
    }

    /** Reads just the header of an array to learn its shape and dtype without reading its data. */
    private static long[] peekShape(Path file, String key) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(key + ".npy");
            try (InputStream in = new BufferedInputStream(zip.getInputStream(entry))) {
                NpyHeader header = NpyHeader.read(file + "#" + key, in);
                if (header.dtype() != NpyDType.UINT8) {
                    throw new IOException(file + "#" + key + ": expected uint8 pixels, was " + header.dtype().descr());
                }
                return header.shape();
            }
        }
    }
}
