// Package main: main, init and the helpers main calls own the process, so
// starting the execution tracer anywhere here is silent, even from a handler.
package main

import (
	"net/http"
	"os"
	"runtime/trace"
)

func init() {
	_ = os.Getenv("TRACE")
}

func main() {
	f, err := os.Create("trace.out")
	if err != nil {
		os.Exit(1)
	}
	_ = trace.Start(f)
	defer trace.Stop()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		startTracing(f)
	})
}

func startTracing(f *os.File) {
	_ = trace.Start(f)
}
