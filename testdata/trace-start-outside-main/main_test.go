// Tests own the process while they run: TestMain and test functions that
// exercise tracing are silent.
package handlers

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/trace"
	"testing"
)

func TestMain(m *testing.M) {
	var buf bytes.Buffer
	_ = trace.Start(&buf)
	code := m.Run()
	trace.Stop()
	os.Exit(code)
}

func TestTracedHandler(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		_ = trace.Start(&buf)
		trace.Stop()
	}
	h(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
}
