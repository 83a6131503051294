package dev.bioprompt.data.fetch;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * Where one catalogued dataset is downloaded from.
 *
 * @param name the catalogue key ({@code BTMRI}, {@code pathmnist})
 * @param kind a zip in a Hugging Face repository, or a plain URL
 * @param repo the hub repository ({@code datasets/owner/name}) for {@link Kind#HUB_ZIP}, else empty
 * @param file the file name: the zip in the repository, or the name the download is saved under
 * @param url the URL for {@link Kind#URL}, else empty
 * @param md5 the expected MD5 for {@link Kind#URL}, else empty (the hub supplies its own SHA-256)
 * @param source where these values were transcribed from
 */
public record DatasetSource(String name, Kind kind, String repo, String file, Optional<URI> url,
                            Optional<String> md5, String source) {

    /** How a dataset is delivered. */
    public enum Kind {
        /** A zip of the split file and images in a Hugging Face repository. */
        HUB_ZIP,
        /** One file (a MedMNIST+ {@code .npz}) at a URL, verified by MD5. */
        URL
    }

    public DatasetSource {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(repo, "repo is null");
        requireNonNull(file, "file is null");
        requireNonNull(url, "url is null");
        requireNonNull(md5, "md5 is null");
        requireNonNull(source, "source is null");
        if (kind == Kind.HUB_ZIP && repo.isBlank()) {
            throw new IllegalArgumentException(name + ": a hub-zip source needs a repo");
        }
        if (kind == Kind.URL && url.isEmpty()) {
            throw new IllegalArgumentException(name + ": a url source needs a url");
        }
        if (file.isBlank() || file.contains("/") || file.contains("\\") || file.contains("..")) {
            throw new IllegalArgumentException(name + ": file '" + file + "' must be a plain file name");
        }
    }

    /** The URL with its scheme, host and port replaced by {@code endpoint} (a mirror or a local stand-in). */
    public URI urlAt(URI endpoint) {
        URI u = url.orElseThrow(() -> new IllegalStateException(name + " has no url"));
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
    }
}
