package dev.bioprompt.runners.sweep;

import dev.bioprompt.api.runner.JobSpec;

/** The id of a cell inside its sweep. */
public final class CellIds {
    /**
     * The settings key a sweep sets when extra settings vary across cells (the default {@link JobSpec#cellId()}
     * would then not be unique).
     */
    public static final String CELL_ID_KEY = "sweep.cell-id";

    private CellIds() {
    }

    /** The cell's id: {@value #CELL_ID_KEY} when set, else {@link JobSpec#cellId()}. */
    public static String of(JobSpec cell) {
        String id = cell.settings().get(CELL_ID_KEY);
        return id != null ? id : cell.cellId();
    }
}
