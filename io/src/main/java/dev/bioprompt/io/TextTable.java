package dev.bioprompt.io;

import java.util.List;

/**
 * Plain-text tables for the command line and reports: left-aligned columns separated by two spaces, trailing spaces
 * stripped; the first row is the header.
 */
public final class TextTable {

    private TextTable() {
    }

    /** The rows as aligned columns, one line each. */
    public static String render(List<List<String>> rows) {
        return render(rows, false);
    }

    /**
     * The rows as aligned columns, one line each.
     *
     * @param ruleUnderHeader whether a line of dashes as wide as each column follows the header
     */
    public static String render(List<List<String>> rows, boolean ruleUnderHeader) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length()));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0 && ruleUnderHeader) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }
}
