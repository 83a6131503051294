package dev.bioprompt.backbone;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the collector free the Java direct buffers that nothing references any more, then allocates new ones filled
 * with a huge value, so that native code still reading a freed buffer sees that value instead of the old data.
 */
public final class FreedJavaMemory {

    /** What the new buffers hold: large enough that a softmax or an exponent over it overflows. */
    public static final float FILL = 1e30f;

    private FreedJavaMemory() {
    }

    /**
     * Runs the collector (and the cleaners that free direct buffers), then fills new direct buffers of many sizes.
     *
     * @return the new buffers; keep them reachable until the check is done
     */
    public static List<ByteBuffer> collectAndReuse() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        List<ByteBuffer> reused = new ArrayList<>();
        for (int bytes = 16; bytes <= 1 << 16; bytes *= 2) {
            for (int copy = 0; copy < 64; copy++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
                while (buffer.remaining() >= Float.BYTES) {
                    buffer.putFloat(FILL);
                }
                reused.add(buffer);
            }
        }
        return reused;
    }
}
