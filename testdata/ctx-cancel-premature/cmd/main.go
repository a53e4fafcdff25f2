// Package main: when main returns the process ends, goroutines and all, so a
// deferred cancel in main cannot cut a goroutine short.
package main

import (
	"context"
	"net/http"
)

func serve(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://localhost/", nil)
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go serve(ctx)
}
