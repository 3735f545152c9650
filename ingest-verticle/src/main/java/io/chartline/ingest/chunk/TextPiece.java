package io.chartline.ingest.chunk;

/** A range {@code [start, end)} of a page's text and its exact token count. */
record TextPiece(int start, int end, int tokens) {}
