package dev.bioprompt.tracking.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.Constants;

/**
 * An in-process S3 server (S3Proxy over its in-memory store) enforcing SigV4, bound to {@code 127.0.0.1}, for tests
 * of other modules that need an {@code s3://} registry or artifact store (their test class path needs s3proxy).
 */
public final class InProcessS3Server implements AutoCloseable {

    /** The access key id it accepts. */
    public static final String ACCESS_KEY = "test-access";
    /** The secret key it accepts. */
    public static final String SECRET_KEY = "test-secret";

    private final BlobStore store;
    private final S3Proxy proxy;

    /** Starts the server. */
    public InProcessS3Server() throws Exception {
        Properties p = new Properties();
        p.setProperty(Constants.PROPERTY_IDENTITY, ACCESS_KEY);
        p.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET_KEY);
        store = BlobStores.create("transient", p);
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY).stopTimeout(0).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Creates a bucket. */
    public void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    /** Whether an object exists. */
    public boolean exists(String bucket, String key) {
        return store.blobExists(bucket, key);
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            store.close();
        }
    }
}
