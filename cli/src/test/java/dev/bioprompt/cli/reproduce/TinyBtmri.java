package dev.bioprompt.cli.reproduce;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * A tiny dataset with BTMRI's classes (in the catalogue's label order): per class {@code perClass} images, the first
 * half train, then val and test alternately; 32x32 PNGs whose colour depends on the class.
 */
public final class TinyBtmri {

    public static final List<String> CLASSES =
            List.of("glioma_tumor", "meningioma_tumor", "pituitary_tumor", "normal_brain");

    private TinyBtmri() {
    }

    /** The split file. */
    public static String split(int perClass) {
        StringBuilder train = new StringBuilder();
        StringBuilder val = new StringBuilder();
        StringBuilder test = new StringBuilder();
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int i = 0; i < perClass; i++) {
                StringBuilder into = i < perClass / 2 ? train : i % 2 == 0 ? val : test;
                into.append(into.length() == 0 ? "" : ", ").append("[\"").append(CLASSES.get(c)).append('/')
                        .append(i).append(".png\", ").append(c).append(", \"").append(CLASSES.get(c)).append("\"]");
            }
        }
        return "{\"train\": [" + train + "], \"val\": [" + val + "], \"test\": [" + test + "]}";
    }

    /** Archive entries: {@code <prefix><class>/<i>.png}, and the split file when {@code splitName} is not null. */
    public static Map<String, byte[]> entries(String prefix, String splitName, int perClass) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (splitName != null) {
            out.put(splitName, split(perClass).getBytes(StandardCharsets.UTF_8));
        }
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int i = 0; i < perClass; i++) {
                out.put(prefix + CLASSES.get(c) + "/" + i + ".png", png(c, i));
            }
        }
        return out;
    }

    /** The zip of the documented layout: {@code BTMRI/BTMRI/<class>/<file>} and {@code BTMRI/split_BTMRI.json}. */
    public static byte[] zip(int perClass) throws IOException {
        return zip(entries("BTMRI/BTMRI/", "BTMRI/split_BTMRI.json", perClass));
    }

    /** A zip of the given entries, in order. */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] png(int label, int index) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        int[][] colours = {{220, 40, 40}, {40, 200, 40}, {40, 40, 220}, {200, 200, 200}};
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int[] c = colours[label];
                int n = (x * 7 + y * 3 + index * 11) % 24;
                image.setRGB(x, y, Math.min(255, c[0] + n) << 16 | Math.min(255, c[1] + n) << 8 | Math.min(255, c[2] + n));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
