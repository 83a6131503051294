package dev.bioprompt.data.toy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.task.DatasetInfo;
import dev.bioprompt.data.catalog.DatasetEntry;
import dev.bioprompt.data.catalog.DatasetFormat;
import dev.bioprompt.data.npz.NpyArray;
import dev.bioprompt.data.npz.NpzFile;
import dev.bioprompt.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A seeded generator of a small synthetic imaging family for fast end-to-end tests: three toy modalities
 * ({@code TOY_MRI}, {@code TOY_US}, {@code TOY_XRAY}), each with 3 or 4 classes that differ by shape or texture
 * (disc, ring, stripes, blob cluster, dark disc, line, diffuse opacity) on the modality's own background, class
 * names, 3 or 4 short descriptions per class and clinical-style templates; and {@code TOY_CXR}, a second chest X-ray
 * dataset as from another site (other exposure and noise, three of {@code TOY_XRAY}'s classes), the natural target
 * of a cross-dataset transfer from {@code TOY_XRAY}. Adding a dataset leaves the earlier ones byte-identical: each
 * draws from its own stream.
 *
 * <p>{@link #generate(Path)} writes every dataset in both formats:
 * <ul>
 *   <li>{@code <root>/<DS>/split_<DS>.json} and PNGs under {@code <root>/<DS>/<DS>/<class_folder>/};</li>
 *   <li>{@code <root>/<flag>_<size>.npz} in MedMNIST+ layout (uint8 images, {@code [N,1]} uint8 labels);</li>
 *   <li>{@code <root>/<DS>/descriptions.json}: {@code {classname: [sentences]}}.</li>
 * </ul>
 * The output is byte-identical for the same seed and options (pure-Java arithmetic with {@link StrictMath},
 * fixed file order, fixed zip timestamps).
 */
public final class ToyWorld {

    /** Default per-class split sizes and image size. */
    public static final Options DEFAULT_OPTIONS = new Options(64, 40, 10, 30);

    private static final List<String> XRAY_TEMPLATES = List.of("a chest X-ray photo of a {} in the lung.",
            "a frontal chest radiograph with {}.", "an X-ray image showing {}.");
    private static final ToyClass CLEAR_LUNGS = new ToyClass("clear lungs", ToyPattern.PLAIN, List.of(
            "evenly dark lung fields with faint rib shadows.",
            "no opacity, nodule or fracture line in the chest.",
            "a clean radiograph with smooth gradients."));
    private static final ToyClass LUNG_OPACITY = new ToyClass("lung opacity", ToyPattern.OPACITY, List.of(
            "a large hazy bright area clouding part of the lung.",
            "diffuse whitening with soft, blurred borders.",
            "a broad region of increased density.",
            "a cloudy patch that hides the underlying ribs."));
    private static final ToyClass LUNG_NODULES = new ToyClass("lung nodules", ToyPattern.BLOBS, List.of(
            "several small round bright spots in the lung fields.",
            "multiple discrete dense nodules.",
            "a scatter of little white dots."));
    private static final ToyClass RIB_FRACTURE = new ToyClass("rib fracture", ToyPattern.LINE, List.of(
            "a thin sharp bright line crossing the chest.",
            "a straight linear density at an oblique angle.",
            "a narrow streak cutting across the rib shadows."));

    private static final List<ToyModality> MODALITIES = List.of(
            new ToyModality("TOY_MRI", "toy MRI", "brain", false,
                    List.of("a MR photo of a {} in the brain.", "a brain MRI scan showing {}.",
                            "an axial MR image with {}."),
                    List.of(
                            new ToyClass("bright mass", ToyPattern.DISC, List.of(
                                    "a round, uniformly bright mass in the brain.",
                                    "a solid hyperintense lesion with a smooth circular border.",
                                    "a single filled bright circle standing out from darker tissue.",
                                    "a compact homogeneous bright region without a dark centre.")),
                            new ToyClass("ring enhancing lesion", ToyPattern.RING, List.of(
                                    "a bright ring around a darker centre.",
                                    "a thin circular rim of enhancement surrounding dark tissue.",
                                    "an annular hyperintense border with a hollow core.",
                                    "a round lesion whose edge is bright and whose middle is dark.")),
                            new ToyClass("striated tissue", ToyPattern.STRIPES, List.of(
                                    "regular parallel bright and dark bands across the brain.",
                                    "a striped texture of alternating intensity.",
                                    "repeating linear stripes at an oblique angle.")),
                            new ToyClass("normal brain", ToyPattern.PLAIN, List.of(
                                    "smooth brain tissue without any focal lesion.",
                                    "a uniform grey oval with no bright spots or stripes.",
                                    "a normal scan with homogeneous intensity.")))),
            new ToyModality("TOY_US", "toy ultrasound", "breast", true,
                    List.of("a ultrasound photo of a {} in the breast.", "a breast ultrasound image of {}.",
                            "a sonogram showing {}."),
                    List.of(
                            new ToyClass("anechoic cyst", ToyPattern.DARK_DISC, List.of(
                                    "a round black region with sharp walls inside speckled tissue.",
                                    "an anechoic, fluid-filled circle without internal echoes.",
                                    "a dark smooth-bordered hole in the grainy background.",
                                    "a well-defined dark oval lesion.")),
                            new ToyClass("echogenic nodules", ToyPattern.BLOBS, List.of(
                                    "several small bright spots clustered together.",
                                    "a group of tiny hyperechoic nodules.",
                                    "scattered bright dots on speckled tissue.")),
                            new ToyClass("normal tissue", ToyPattern.PLAIN, List.of(
                                    "homogeneous speckle pattern without a focal lesion.",
                                    "evenly grainy tissue inside the fan-shaped field of view.",
                                    "no cyst, nodule or mass in the scanned region.")))),
            new ToyModality("TOY_XRAY", "toy X-ray", "lung", false, XRAY_TEMPLATES,
                    List.of(CLEAR_LUNGS, LUNG_OPACITY, LUNG_NODULES, RIB_FRACTURE)),
            // a second chest X-ray dataset from another "site": other exposure and noise, three of the classes
            new ToyModality("TOY_CXR", "toy X-ray", "lung", false, XRAY_TEMPLATES,
                    List.of(CLEAR_LUNGS, LUNG_OPACITY, LUNG_NODULES)));

    private static final String[] SPLITS = {"train", "val", "test"};

    static {
        ImageIO.setUseCache(false);
    }

    private final long seed;
    private final Options options;

    /**
     * Image size and per-class split sizes.
     *
     * @param imageSize side length in pixels
     * @param trainPerClass train images per class
     * @param valPerClass val images per class
     * @param testPerClass test images per class
     */
    public record Options(int imageSize, int trainPerClass, int valPerClass, int testPerClass) {
        public Options {
            if (imageSize < 16 || trainPerClass < 1 || valPerClass < 0 || testPerClass < 1) {
                throw new IllegalArgumentException("toy world options must be imageSize >= 16, train >= 1, val >= 0,"
                        + " test >= 1; were " + imageSize + ", " + trainPerClass + ", " + valPerClass + ", "
                        + testPerClass);
            }
        }

        int count(String split) {
            return switch (split) {
                case "train" -> trainPerClass;
                case "val" -> valPerClass;
                default -> testPerClass;
            };
        }
    }

    /** A toy world with the default options. */
    public ToyWorld(long seed) {
        this(seed, DEFAULT_OPTIONS);
    }

    /** A toy world. */
    public ToyWorld(long seed, Options options) {
        this.seed = seed;
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * Writes a toy world from the command line: {@code ToyWorld <root> [seed]} (seed 1 by default).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ToyWorld <root> [seed]");
            System.exit(2);
        }
        long seed = args.length == 2 ? Long.parseLong(args[1]) : 1;
        List<Path> files = new ToyWorld(seed).generate(Path.of(args[0]));
        System.out.println("wrote " + files.size() + " files under " + args[0]);
    }

    /** The toy modalities, in catalogue order. */
    public static List<ToyModality> modalities() {
        return MODALITIES;
    }

    /** Catalogue entries of the toy datasets (with their descriptions), for the dataset catalogue. */
    public static List<DatasetEntry> catalogEntries() {
        List<DatasetEntry> entries = new ArrayList<>();
        for (ToyModality m : MODALITIES) {
            Map<String, List<String>> descriptions = new LinkedHashMap<>();
            m.classes().forEach(c -> descriptions.put(c.name(), c.descriptions()));
            List<String> names = m.classNames();
            int half = (names.size() + 1) / 2;
            int n = names.size();
            entries.add(new DatasetEntry(
                    new DatasetInfo(m.dataset(), m.modality(), m.organ(), names, m.templates(), descriptions),
                    "toy", DatasetFormat.BIOMEDCOOP_SPLIT, names.subList(0, half), names.subList(half, n), n > 2,
                    List.of(n * DEFAULT_OPTIONS.trainPerClass(), n * DEFAULT_OPTIONS.valPerClass(),
                            n * DEFAULT_OPTIONS.testPerClass()),
                    true));
        }
        return entries;
    }

    /**
     * Writes the toy world under {@code root}, which must not exist or be empty. Everything is written to a
     * temporary sibling folder first and moved into place at the end, so a failure leaves nothing behind.
     *
     * @return the written files, relative to {@code root}, sorted
     */
    public List<Path> generate(Path root) throws IOException {
        Path target = root.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(target.toString(), null, "toy world root must be empty");
                }
            }
        }
        // the target is absent or an empty folder (checked above): replacing it loses nothing
        AtomicFiles.writeFolder(target, AtomicFiles.IfExists.REPLACE, tmp -> {
            for (int d = 0; d < MODALITIES.size(); d++) {
                writeDataset(tmp, MODALITIES.get(d), new SplittableRandom(seed * 1_000_003L + 7919L * (d + 1)));
            }
        });
        try (Stream<Path> s = Files.walk(target)) {
            return s.filter(Files::isRegularFile).map(target::relativize).sorted().toList();
        }
    }

    private void writeDataset(Path root, ToyModality m, SplittableRandom random) throws IOException {
        int size = options.imageSize();
        Path dir = root.resolve(m.dataset());
        Path images = dir.resolve(m.dataset());
        Map<String, List<String[]>> splitEntries = new LinkedHashMap<>();
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        int channels = m.rgb() ? 3 : 1;
        for (String split : SPLITS) {
            List<String[]> entries = new ArrayList<>();
            int total = options.count(split) * m.classes().size();
            byte[] pixels = new byte[total * size * size * channels];
            byte[] labels = new byte[total];
            int index = 0;
            for (int label = 0; label < m.classes().size(); label++) {
                ToyClass c = m.classes().get(label);
                Files.createDirectories(images.resolve(c.folder()));
                for (int i = 0; i < options.count(split); i++, index++) {
                    BufferedImage image = ToyRenderer.render(m, c.pattern(), size, random.split());
                    String relative = c.folder() + "/" + c.folder() + "_" + split + "_" + String.format("%03d", i) + ".png";
                    writePng(image, images.resolve(relative));
                    copyPixels(image, pixels, index * size * size * channels, channels);
                    labels[index] = (byte) label;
                    entries.add(new String[] {relative, Integer.toString(label), c.name()});
                }
            }
            splitEntries.put(split, entries);
            long[] imageShape = channels == 3 ? new long[] {total, size, size, 3} : new long[] {total, size, size};
            arrays.put(split + "_images", NpyArray.ofUInt8(split + "_images", imageShape, pixels));
            arrays.put(split + "_labels", NpyArray.ofUInt8(split + "_labels", new long[] {total, 1}, labels));
        }
        writeSplitFile(dir.resolve("split_" + m.dataset() + ".json"), splitEntries);
        Map<String, List<String>> descriptions = new LinkedHashMap<>();
        m.classes().forEach(c -> descriptions.put(c.name(), c.descriptions()));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.write(dir.resolve("descriptions.json"), json.writeValueAsBytes(descriptions));
        NpzFile.write(root.resolve(m.dataset().toLowerCase(Locale.ROOT) + "_" + size + ".npz"), arrays);
    }

    private static void writeSplitFile(Path file, Map<String, List<String[]>> splits) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder out = new StringBuilder("{");
        int s = 0;
        for (Map.Entry<String, List<String[]>> split : splits.entrySet()) {
            out.append(s++ == 0 ? "" : ",").append("\n  \"").append(split.getKey()).append("\": [");
            List<String[]> entries = split.getValue();
            for (int i = 0; i < entries.size(); i++) {
                String[] e = entries.get(i);
                out.append(i == 0 ? "\n    " : ",\n    ").append('[').append(json.writeValueAsString(e[0])).append(", ")
                        .append(e[1]).append(", ").append(json.writeValueAsString(e[2])).append(']');
            }
            out.append("\n  ]");
        }
        out.append("\n}\n");
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    private static void writePng(BufferedImage image, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException(file + ": no PNG writer available");
        }
        Files.write(file, bytes.toByteArray());
    }

    private static void copyPixels(BufferedImage image, byte[] dst, int offset, int channels) {
        if (channels == 1) {
            byte[] grey = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            System.arraycopy(grey, 0, dst, offset, grey.length);
        } else {
            int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < rgb.length; i++) {
                dst[offset + 3 * i] = (byte) (rgb[i] >>> 16);
                dst[offset + 3 * i + 1] = (byte) (rgb[i] >>> 8);
                dst[offset + 3 * i + 2] = (byte) rgb[i];
            }
        }
    }

}
