package dev.bioprompt.registry;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.Constants;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** An in-process S3 server (S3Proxy over its in-memory store) enforcing SigV4, bound to 127.0.0.1. */
final class S3ProxyServer implements AutoCloseable {

    static final String ACCESS_KEY = "test-access";
    static final String SECRET_KEY = "test-secret";

    private final BlobStore store;
    private final S3Proxy proxy;

    S3ProxyServer() throws Exception {
        this(true);
    }

    /** @param sigV4 whether requests must be signed (off for a proxy in between that edits signed headers) */
    S3ProxyServer(boolean sigV4) throws Exception {
        Properties p = new Properties();
        p.setProperty(Constants.PROPERTY_IDENTITY, ACCESS_KEY);
        p.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET_KEY);
        store = BlobStores.create("transient", p);
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(sigV4 ? AuthenticationType.AWS_V4 : AuthenticationType.NONE, ACCESS_KEY,
                        SECRET_KEY).stopTimeout(0).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    /** Writes an object straight into the backing store, bypassing S3 and the registry. */
    void putDirect(String bucket, String key, byte[] bytes) {
        store.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) bytes.length).build(),
                RequestBody.fromBytes(bytes).contentStreamProvider().newStream());
    }

    StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        } finally {
            store.close();
        }
    }
}
