package dev.bioprompt.runners.cell;

import dev.bioprompt.runners.engine.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Renders training loss and training accuracy per epoch as a PNG (headless Java2D). */
public final class LearningCurvePlot {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 50;

    private LearningCurvePlot() {
    }

    /** Writes the plot; an empty history gives a plot that says so. */
    public static void write(List<EpochMetrics> history, String title, Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, MARGIN, 25);
            g.drawRect(MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("epoch", WIDTH / 2 - 15, HEIGHT - 15);
            if (history.isEmpty()) {
                g.drawString("no training epochs (untrained method)", MARGIN + 20, HEIGHT / 2);
            } else {
                line(g, history, EpochMetrics::loss, new Color(200, 60, 40), "train loss", 0);
                line(g, history, EpochMetrics::accuracy, new Color(40, 90, 200), "train accuracy (%)", 1);
                g.setColor(Color.DARK_GRAY);
                g.drawString("1", MARGIN, HEIGHT - MARGIN + 15);
                g.drawString(Integer.toString(history.size()), WIDTH - MARGIN - 10, HEIGHT - MARGIN + 15);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void line(Graphics2D g, List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> value,
                             Color color, String label, int legendRow) {
        double min = history.stream().mapToDouble(value).min().orElse(0);
        double max = history.stream().mapToDouble(value).max().orElse(1);
        double span = max - min < 1e-12 ? 1 : max - min;
        int plotW = WIDTH - 2 * MARGIN;
        int plotH = HEIGHT - 2 * MARGIN;
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int prevX = -1;
        int prevY = -1;
        for (int i = 0; i < history.size(); i++) {
            int x = MARGIN + (history.size() == 1 ? plotW / 2 : i * plotW / (history.size() - 1));
            int y = MARGIN + plotH - (int) Math.round((value.applyAsDouble(history.get(i)) - min) / span * plotH);
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, y);
            }
            g.fillOval(x - 2, y - 2, 5, 5);
            prevX = x;
            prevY = y;
        }
        g.drawString(String.format(Locale.ROOT, "%s (%.3g .. %.3g)", label, min, max),
                WIDTH - MARGIN - 260, MARGIN + 18 + 16 * legendRow);
    }
}
