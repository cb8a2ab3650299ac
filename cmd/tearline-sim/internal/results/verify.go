package results

import (
	"fmt"
	"io"
)

// Verified wraps rd, the reader of the rows file name whose metadata is
// m (read from metaName), so that reading to the end checks the rows
// against the metadata: their number (m.Rows) and their checksum
// (m.RowsSHA256). A difference is an error naming both files, returned
// instead of io.EOF: rows that were edited, cut or damaged are never taken
// for the batch's.
func Verified(rd Reader, name, metaName string, m *Meta) Reader {
	return &verifier{Reader: rd, h: NewRowHash(), name: name, metaName: metaName, m: m}
}

type verifier struct {
	Reader
	h              *RowHash
	name, metaName string
	m              *Meta
}

func (v *verifier) Read(r *Row) error {
	err := v.Reader.Read(r)
	if err == nil {
		v.h.Add(r)
		return nil
	}
	if err != io.EOF {
		return err
	}
	switch {
	case v.h.Rows() != v.m.Rows:
		return fmt.Errorf("%s has %d rows but %s says %d: the file was cut, extended or replaced", v.name, v.h.Rows(), v.metaName, v.m.Rows)
	case v.m.RowsSHA256 == "":
		return fmt.Errorf("%s has no rows checksum (rows_sha256), so %s cannot be verified: it was written by an older tearline-sim; rerun the batch", v.metaName, v.name)
	case v.h.Sum() != v.m.RowsSHA256:
		return fmt.Errorf("%s: its rows differ from the checksum in %s (a cell was edited, or the file is damaged); rerun the batch (or shard) that wrote it", v.name, v.metaName)
	}
	return io.EOF
}
