package dev.bioprompt.data.eval;

import dev.bioprompt.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Renders a confusion matrix as a PNG with Java2D: a blue heat map normalised per row, the count in every cell,
 * class names on both axes and axis titles ("true class", "predicted class"). Runs headless.
 */
public final class ConfusionMatrixPlot {

    private static final int CELL = 56;
    private static final int MAX_LABEL_CHARS = 28;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ConfusionMatrixPlot() {
    }

    /** Draws the plot. */
    public static BufferedImage render(ConfusionMatrix matrix, String title) {
        int n = matrix.size();
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(labelFont);
        int labelWidth = 0;
        for (String name : matrix.classNames()) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(shorten(name)));
        }
        pg.dispose();
        int left = labelWidth + 40;
        int top = 40;
        int bottom = labelWidth + 40;
        int width = left + n * CELL + 20;
        int height = top + n * CELL + bottom;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(titleFont);
            g.drawString(title, left, 24);
            g.setFont(countFont);
            for (int t = 0; t < n; t++) {
                long row = 0;
                for (int p = 0; p < n; p++) {
                    row += matrix.count(t, p);
                }
                for (int p = 0; p < n; p++) {
                    long c = matrix.count(t, p);
                    double share = row == 0 ? 0 : (double) c / row;
                    int x = left + p * CELL;
                    int y = top + t * CELL;
                    g.setColor(new Color((int) (247 - 239 * share), (int) (251 - 203 * share), (int) (255 - 148 * share)));
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    String s = Long.toString(c);
                    FontMetrics cm = g.getFontMetrics();
                    g.drawString(s, x + (CELL - cm.stringWidth(s)) / 2, y + (CELL + cm.getAscent()) / 2 - 2);
                }
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawRect(left, top, n * CELL, n * CELL);
            g.setColor(Color.BLACK);
            g.setFont(labelFont);
            FontMetrics lm = g.getFontMetrics();
            for (int i = 0; i < n; i++) {
                String name = shorten(matrix.classNames().get(i));
                g.drawString(name, left - 6 - lm.stringWidth(name), top + i * CELL + (CELL + lm.getAscent()) / 2 - 2);
                AffineTransform saved = g.getTransform();
                g.translate(left + i * CELL + (CELL + lm.getAscent()) / 2 - 2, top + n * CELL + 6);
                g.rotate(Math.PI / 2);
                g.drawString(name, 0, 0);
                g.setTransform(saved);
            }
            g.setFont(titleFont);
            String xTitle = "predicted class";
            g.drawString(xTitle, left + (n * CELL - g.getFontMetrics().stringWidth(xTitle)) / 2, height - 10);
            AffineTransform saved = g.getTransform();
            String yTitle = "true class";
            g.translate(18, top + (n * CELL + g.getFontMetrics().stringWidth(yTitle)) / 2);
            g.rotate(-Math.PI / 2);
            g.drawString(yTitle, 0, 0);
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders and writes a PNG atomically (nothing is left at {@code file} on failure). */
    public static void write(ConfusionMatrix matrix, String title, Path file) throws IOException {
        BufferedImage image = render(matrix, title);
        AtomicFiles.writeFile(file, tmp -> {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available"); // the failure names the file
            }
        });
    }

    private static String shorten(String name) {
        return name.length() <= MAX_LABEL_CHARS ? name : name.substring(0, MAX_LABEL_CHARS - 1) + "…";
    }
}
