package dev.bioprompt.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures of registry versions (JDK {@code Ed25519}, no extra library). What is signed is the text
 * {@code bioprompt-prompt-set-v1 LF NAME LF VERSION LF DIGEST LF}, so a writer without the private key can forge no
 * version even by rewriting every record and file. Keys are PEM files as {@code openssl genpkey -algorithm ed25519}
 * writes them ({@code PRIVATE KEY}, PKCS#8) and {@code openssl pkey -pubout} ({@code PUBLIC KEY}, X.509).
 */
public final class PromptSetSignatures {

    private static final String ALGORITHM = "Ed25519";

    private PromptSetSignatures() {
    }

    /** The bytes signed for a version. */
    static byte[] payload(String name, int version, String digest) {
        return ("bioprompt-prompt-set-v1\n" + name + "\n" + version + "\n" + digest + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Signs a version's digest; Base64. */
    public static String sign(PrivateKey key, String name, int version, String digest) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(payload(name, version, digest));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign " + name + " version " + version + ": " + e.getMessage(), e);
        }
    }

    /** Whether a Base64 signature of a version's digest is valid under the key. */
    public static boolean verify(PublicKey key, String name, int version, String digest, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(payload(name, version, digest));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads a PEM {@code PRIVATE KEY} (PKCS#8) Ed25519 key. */
    public static PrivateKey readPrivateKey(Path pem) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(decode(pem,
                    "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException("signing key " + pem + " is not an Ed25519 PKCS#8 private key: " + e.getMessage(),
                    e);
        }
    }

    /** Reads a PEM {@code PUBLIC KEY} (X.509) Ed25519 key. */
    public static PublicKey readPublicKey(Path pem) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(pem,
                    "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException("verification key " + pem + " is not an Ed25519 X.509 public key: "
                    + e.getMessage(), e);
        }
    }

    /** PEM text of a key ({@code PRIVATE KEY} or {@code PUBLIC KEY}). */
    public static String pem(Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(Path pem, String type) throws IOException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException("key file " + pem + " holds no PEM '" + type + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + pem + " has a damaged PEM '" + type + "' block", e);
        }
    }
}
