package io.faultline.cli;

import io.faultline.adapters.kernellog.UnparsedLine;

/** An unparsed fault line and the input it came from ({@code file} null: standard input). */
record UnparsedEntry(String file, UnparsedLine line) {
    /** {@code line 12}, or {@code a.log line 12} when several files were read. */
    String where(boolean manyFiles) {
        return (manyFiles && file != null ? file + " " : "") + "line " + line.line();
    }
}
