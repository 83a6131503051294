package dev.bioprompt.runners.engine;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows training progress: a progress bar over all steps when a console is attached, one log line per epoch
 * otherwise (batch jobs, CI, Kubernetes pods), or nothing.
 */
public interface TrainingProgress extends AutoCloseable {

    /** Reports that {@code done} of all steps are finished. */
    void step(long done, String message);

    /** Reports a finished epoch. */
    void epoch(EpochMetrics metrics, int totalEpochs);

    @Override
    void close();

    /** No output at all. */
    static TrainingProgress silent() {
        return new TrainingProgress() {
            @Override
            public void step(long done, String message) {
            }

            @Override
            public void epoch(EpochMetrics metrics, int totalEpochs) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A progress bar when {@code System.console()} is present, plain log lines otherwise.
     *
     * @param task the task name shown ({@code coop BTMRI k16 s1})
     * @param totalSteps steps of the whole run
     * @param doneSteps steps already done (a resumed run)
     */
    static TrainingProgress forTerminal(String task, long totalSteps, long doneSteps) {
        if (System.console() == null) {
            return new LogLines(task);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).startsFrom(doneSteps, Duration.ZERO).setUpdateIntervalMillis(250)
                .build();
        return new TrainingProgress() {
            @Override
            public void step(long done, String message) {
                bar.stepTo(done);
                bar.setExtraMessage(message);
            }

            @Override
            public void epoch(EpochMetrics metrics, int totalEpochs) {
                bar.setExtraMessage(LogLines.describe(metrics, totalEpochs));
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** One log line per epoch. */
    final class LogLines implements TrainingProgress {
        private static final Logger LOG = LoggerFactory.getLogger(TrainingProgress.class);
        private final String task;

        LogLines(String task) {
            this.task = task;
        }

        @Override
        public void step(long done, String message) {
        }

        @Override
        public void epoch(EpochMetrics metrics, int totalEpochs) {
            LOG.info("{}: {}", task, describe(metrics, totalEpochs));
        }

        @Override
        public void close() {
        }

        static String describe(EpochMetrics m, int totalEpochs) {
            return String.format(Locale.ROOT, "epoch %d/%d lr %.3g loss %.4f acc %.1f%% (%d steps, %.1f s)",
                    m.epoch() + 1, totalEpochs, m.learningRate(), m.loss(), m.accuracy(), m.steps(), m.millis() / 1e3);
        }
    }
}
