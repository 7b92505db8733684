package search

// RefFiles is refFiles for the benchmarks.
var RefFiles = refFiles
