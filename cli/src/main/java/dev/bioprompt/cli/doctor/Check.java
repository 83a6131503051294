package dev.bioprompt.cli.doctor;

import static java.util.Objects.requireNonNull;

/**
 * One line of the {@code doctor} report.
 *
 * @param section the group it belongs to (engine, devices, caches, stores, compute)
 * @param name what was looked at
 * @param detail what was found (never a secret's value)
 * @param ok false when the configured run cannot work as things are
 */
public record Check(String section, String name, String detail, boolean ok) {

    public Check {
        requireNonNull(section, "section is null");
        requireNonNull(name, "name is null");
        requireNonNull(detail, "detail is null");
    }

    /** A fact that needs no verdict. */
    public static Check info(String section, String name, String detail) {
        return new Check(section, name, detail, true);
    }
}
