package dev.bioprompt.backbone.hub;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Writes a response body into a file channel as it arrives, reporting progress and the time of the last bytes. */
final class ChannelBodySubscriber implements HttpResponse.BodySubscriber<Long> {

    private final FileChannel channel;
    private final String file;
    private final long total;
    private final DownloadProgress progress;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastActivityNanos = System.nanoTime();
    private long done;

    ChannelBodySubscriber(FileChannel channel, long start, String file, long total, DownloadProgress progress) {
        this.channel = channel;
        this.done = start;
        this.file = file;
        this.total = total;
        this.progress = progress;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Stops the transfer (the connection is dropped); the result fails with {@code cause}. */
    void abort(IOException cause) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        result.completeExceptionally(cause);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        progress.update(file, done, total);
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        try {
            for (ByteBuffer b : items) {
                while (b.hasRemaining()) {
                    done += channel.write(b);
                }
            }
        } catch (IOException e) {
            abort(e);
            return;
        }
        lastActivityNanos = System.nanoTime();
        progress.update(file, done, total);
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(done);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }
}
