// Apart from ./queue so that a page exporting a table (impact.html) does not load the drafts.

/**
 * Cells a spreadsheet would run as a formula (OWASP's list: = + - @ tab, carriage return), prefixed by
 * papaparse with a ' so Excel, Sheets and LibreOffice show them as text. Papaparse's own default pattern
 * (`escapeFormulae: FORMULA_START`) ends in `.*$`, which misses a cell that has a line break after its formula:
 * this one looks at the first character only.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;
