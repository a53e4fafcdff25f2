// runtime/trace.Start from inside request handlers: a function with an
// *http.Request parameter, a method, an aliased import, a closure handler, a
// goroutine the handler starts, and an early-return path.
package handlers

import (
	"bytes"
	"net/http"
	"os"
	rtrace "runtime/trace"
	"runtime/trace"
)

type Server struct {
	out *os.File
}

func tracedHandler(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if err := trace.Start(&buf); err != nil { // want "trace-start-outside-main"
		return
	}
	defer trace.Stop()
	w.WriteHeader(http.StatusOK)
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = rtrace.Start(s.out) // want "trace-start-outside-main"
	defer rtrace.Stop()
	w.WriteHeader(http.StatusOK)
}

func closureHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := os.Create("req.trace")
		if err != nil {
			return
		}
		_ = trace.Start(f) // want "trace-start-outside-main"
		defer trace.Stop()
	})
}

func goroutineFromHandler(w http.ResponseWriter, r *http.Request) {
	go func() {
		var buf bytes.Buffer
		_ = trace.Start(&buf) // want "trace-start-outside-main"
		trace.Stop()
	}()
}

func earlyReturn(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("trace") == "" {
		return
	}
	var buf bytes.Buffer
	_ = trace.Start(&buf) // want "trace-start-outside-main"
	defer trace.Stop()
}

func switchBranch(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		var buf bytes.Buffer
		_ = trace.Start(&buf) // want "trace-start-outside-main"
		trace.Stop()
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}
