package dev.bioprompt.backbone.hub;

import java.io.IOException;

/** A download from the hub failed for a reason the message states; {@link #statusCode()} is the HTTP status or 0. */
public final class HubException extends IOException {

    private final int statusCode;
    private final boolean retryable;

    HubException(int statusCode, boolean retryable, String message) {
        super(message);
        this.statusCode = statusCode;
        this.retryable = retryable;
    }

    /** The HTTP status that caused the failure, or 0 for a size or checksum mismatch. */
    public int statusCode() {
        return statusCode;
    }

    /** True when trying again may succeed (server errors, a broken resume). */
    public boolean retryable() {
        return retryable;
    }
}
