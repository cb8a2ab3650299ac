package results

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// RowHash computes the rows checksum written in every output's metadata
// (Meta.RowsSHA256): SHA-256 over every row's CSV line, exactly as the CSV
// writer writes it (newline included, header excluded), in run order.
// The form is the same whatever the file's format, so a CSV shard, its
// Parquet merge and an unsharded batch carry the same checksum for the
// same rows, and a shard's checksums chain into the batch's.
type RowHash struct {
	h     hash.Hash
	buf   []byte
	q     quoteCache
	rows  int64
	bytes int64
}

// NewRowHash returns the checksum of no rows.
func NewRowHash() *RowHash { return &RowHash{h: sha256.New()} }

// Add adds one row.
func (h *RowHash) Add(r *Row) {
	h.buf = appendCSVRow(h.buf[:0], r, &h.q)
	h.addLine(h.buf)
}

// addLine adds one row already written as a CSV line.
func (h *RowHash) addLine(line []byte) {
	h.h.Write(line)
	h.rows++
	h.bytes += int64(len(line))
}

// Sum returns the checksum of the rows added so far, in hex; more rows may
// be added after.
func (h *RowHash) Sum() string { return hex.EncodeToString(h.h.Sum(nil)) }

// Rows returns the number of rows added.
func (h *RowHash) Rows() int64 { return h.rows }

// Bytes returns the length of the rows added, as CSV lines.
func (h *RowHash) Bytes() int64 { return h.bytes }
