/**
 * Real SLO files are kilobytes; above this the YAML parser alone would take seconds, so the file gets
 * one diagnostic instead of a frozen editor.
 */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
