package dev.bioprompt.cli.progress;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.backbone.hub.DownloadProgress;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows download progress: a progress bar per file on an interactive terminal, plain log lines (start, every 25 %,
 * done) otherwise, so that CI logs and pod logs stay readable. Updates may come from several threads.
 */
public final class DownloadProgressReporter implements DownloadProgress, AutoCloseable {

    private static final long MIB = 1L << 20;

    private final PrintWriter log;
    private final boolean bars;
    private String file;
    private ProgressBar bar;
    private int loggedQuarter;

    private DownloadProgressReporter(PrintWriter log, boolean bars) {
        this.log = requireNonNull(log, "log is null");
        this.bars = bars;
    }

    /** Bars when the process has a console, log lines to {@code log} otherwise. */
    public static DownloadProgressReporter forConsole(PrintWriter log) {
        return new DownloadProgressReporter(log, System.console() != null);
    }

    /** Plain log lines only. */
    public static DownloadProgressReporter logLines(PrintWriter log) {
        return new DownloadProgressReporter(log, false);
    }

    @Override
    public synchronized void update(String name, long done, long total) {
        if (!name.equals(file)) {
            finishCurrent();
            file = name;
            loggedQuarter = -1;
            if (bars) {
                bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(total, 0))
                        .setUnit("MiB", MIB).setStyle(ProgressBarStyle.ASCII).showSpeed()
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            } else {
                log.printf("downloading %s (%s)%n", name, total >= 0 ? size(total) : "size unknown");
                log.flush();
            }
        }
        if (bar != null) {
            if (total >= 0) {
                bar.maxHint(total);
            }
            bar.stepTo(done);
        } else if (total > 0) {
            int quarter = (int) Math.min(4, done * 4 / total);
            if (quarter > loggedQuarter && quarter < 4) {
                loggedQuarter = quarter;
                if (quarter > 0) {
                    log.printf("  %s: %d%% (%s of %s)%n", name, quarter * 25, size(done), size(total));
                    log.flush();
                }
            }
        }
        if (total >= 0 && done >= total) {
            finishCurrent();
        }
    }

    private void finishCurrent() {
        if (file == null) {
            return;
        }
        if (bar != null) {
            bar.close();
            bar = null;
        } else {
            log.printf("  %s: done%n", file);
            log.flush();
        }
        file = null;
    }

    private static String size(long bytes) {
        return bytes >= MIB ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB)
                : String.format(Locale.ROOT, "%d bytes", bytes);
    }

    @Override
    public synchronized void close() {
        finishCurrent();
    }
}
