package dev.bioprompt.backbone.hub;

/** Receives download progress, for example to draw a progress bar. */
@FunctionalInterface
public interface DownloadProgress {

    /** Ignores all progress. */
    DownloadProgress NONE = (file, done, total) -> { };

    /**
     * Called as bytes arrive (and once when a file is already complete).
     *
     * @param file the file name inside the repository
     * @param bytesDone bytes on disk so far, resumed bytes included
     * @param bytesTotal the file's size, or -1 when the server did not say
     */
    void update(String file, long bytesDone, long bytesTotal);
}
