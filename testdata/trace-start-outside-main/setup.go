// Near misses that must stay silent: a trace endpoint streaming the whole
// process's trace to the client (net/http/pprof's Trace), setup helpers driven
// by flags or config, a runtime/trace function other than Start, and a Start
// that is not runtime/trace's.
package handlers

import (
	"net/http"
	"os"
	"runtime/trace"
	"time"
)

type profiler struct{ enabled bool }

func (profiler) Start(w http.ResponseWriter, r *http.Request) {}

func traceEndpoint(w http.ResponseWriter, r *http.Request) {
	if err := trace.Start(w); err != nil {
		return
	}
	time.Sleep(time.Second)
	trace.Stop()
}

func setupFromFlag(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := trace.Start(f); err != nil {
		return nil, err
	}
	return trace.Stop, nil
}

func (p profiler) configure(out *os.File) {
	if p.enabled {
		_ = trace.Start(out)
	}
}

func regionInHandler(w http.ResponseWriter, r *http.Request) {
	defer trace.StartRegion(r.Context(), "serve").End()
	w.WriteHeader(http.StatusOK)
}

func otherStart(w http.ResponseWriter, r *http.Request, p profiler) {
	p.Start(w, r)
}

func isEnabled(w http.ResponseWriter, r *http.Request) bool {
	return trace.IsEnabled()
}
