package fnruntime

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// byteUnits are the suffixes ParseBytes accepts, lower-cased: decimal and binary multiples.
var byteUnits = map[string]int64{
	"b": 1, "kb": 1000, "mb": 1000 * 1000, "gb": 1000 * 1000 * 1000,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

// ParseBytes reads a size: plain bytes (1048576) or a number with a unit (32MiB, 10MB, 512 KiB,
// case-insensitive). 0 and "off" mean no limit.
func ParseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		return 0, nil
	}
	digits := strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
	unit := strings.ToLower(strings.TrimSpace(s[len(digits):]))
	digits = strings.TrimSpace(digits)
	multiple, known := byteUnits[unit]
	if unit == "" {
		multiple, known = 1, true
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if !known || err != nil || n < 0 || n > math.MaxInt64/multiple {
		return 0, errors.New("use a number of bytes such as 1048576, 32MiB or 10MB, or 0 or off for no limit")
	}
	return n * multiple, nil
}

// formatBytes names a size the way people set it: 32MiB rather than 33554432 where it divides.
func formatBytes(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitedBody is a request body cut off past the limit, with http.MaxBytesReader's semantics
// (its error, and on HTTP/1.1 the connection closes after the response instead of reading the
// rest). It remembers that the limit tripped, whichever goroutine read the body (sdk-go reads
// CloudEvents bodies outside the request's goroutine), so the response can say 413.
type limitedBody struct {
	io.ReadCloser
	over atomic.Bool
}

func newLimitedBody(w http.ResponseWriter, body io.ReadCloser, limit int64) *limitedBody {
	return &limitedBody{ReadCloser: http.MaxBytesReader(w, body, limit)}
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && isTooLarge(err) {
		b.over.Store(true)
	}
	return n, err
}

// isTooLarge reports whether err is http.MaxBytesReader's. Out of line, so the variable
// errors.As writes to (which escapes) costs nothing on the reads that end without an error or
// at EOF, which are every read of every body within the limit.
func isTooLarge(err error) bool {
	var tooLarge *http.MaxBytesError
	return errors.As(err, &tooLarge)
}

// firstBlocks are the blocks WriteTo reads the start of each body into: most events fit in
// one, and a pooled block costs neither an allocation nor zeroing per request.
var firstBlocks = sync.Pool{New: func() any { return new([firstBlockSize]byte) }}

const firstBlockSize = 4 << 10

// WriteTo makes io.Copy into a bytes.Buffer, which is how sdk-go reads every event, cost the
// body's size. Left to itself, the buffer doubles its capacity as it fills (and zeroes what it
// reuses), so a body near the limit costs up to four times the limit, and three of them
// at once several hundred MB. Read into blocks first, the buffer grows once, to the right size,
// and a body over the limit is refused before it grows at all. The first block is pooled, so a
// small event (most of them) costs one allocation of its size, as it would without the limit.
func (b *limitedBody) WriteTo(w io.Writer) (int64, error) {
	buf, ok := w.(*bytes.Buffer)
	if !ok {
		return io.Copy(w, struct{ io.Reader }{b}) // a plain copy: no WriteTo to recurse into
	}
	first := firstBlocks.Get().(*[firstBlockSize]byte)
	defer firstBlocks.Put(first)
	n, err := io.ReadFull(b, first[:])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		// The whole body fit in the first block (the common case): one allocation, its size.
		buf.Grow(n)
		buf.Write(first[:n])
		return int64(n), nil
	}
	if err != nil {
		return 0, err
	}
	blocks, total, size := [][]byte{first[:n]}, n, 2*firstBlockSize
	for {
		block := make([]byte, size)
		n, err := io.ReadFull(b, block)
		blocks, total = append(blocks, block[:n]), total+n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return 0, err
		}
		if size < 1<<20 {
			size *= 2
		}
	}
	buf.Grow(total)
	for _, block := range blocks {
		buf.Write(block)
	}
	return int64(total), nil
}

// exceeded is safe on a nil body: no limit, never exceeded.
func (b *limitedBody) exceeded() bool { return b != nil && b.over.Load() }

// tooLarge answers 413 in plain text that names the limit and the variable that sets it,
// replacing whatever headers the function had set for its own answer.
func tooLarge(w http.ResponseWriter, limit int64) {
	h := w.Header()
	for name := range h {
		if name != "Connection" {
			delete(h, name)
		}
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusRequestEntityTooLarge)
	_, _ = fmt.Fprintf(w, "request body too large: this server accepts at most %s (%d bytes); %sMAX_BODY_BYTES sets the limit\n",
		formatBytes(limit), limit, EnvPrefix)
}
