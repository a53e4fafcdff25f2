// Shape 1 positives: `defer cancel()` in a function that starts a goroutine
// working with the derived context and returns right away, so the goroutine's
// context is cancelled as soon as it starts. Reported at the defer, with the
// go statement as a related location.
package premature

import (
	"context"
	"log"
	"net/http"
	"time"
)

type Syncer struct {
	peers []string
	every time.Duration
}

func (s *Syncer) run(ctx context.Context) {
	for _, peer := range s.peers {
		_ = pull(ctx, peer)
	}
}

func pull(ctx context.Context, peer string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, peer, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (s *Syncer) Start() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // want "ctx-cancel-premature"
	go s.run(ctx)
	return nil
}

func (s *Syncer) startPerPeer(parent context.Context) {
	ctx, cancel := context.WithTimeout(parent, s.every)
	defer cancel() // want "ctx-cancel-premature"
	for _, peer := range s.peers {
		go pull(ctx, peer)
	}
	log.Printf("syncing %d peers", len(s.peers))
}

func startInALiteral(parent context.Context, peer string) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	defer cancel() // want "ctx-cancel-premature"
	go func() {
		if err := pull(ctx, peer); err != nil {
			log.Print(err)
		}
	}()
}

func startWithAParameter(parent context.Context, peer string) error {
	ctx, cancel := context.WithCancel(parent)
	defer func() { cancel() }() // want "ctx-cancel-premature"
	go func(c context.Context) {
		_ = pull(c, peer)
	}(ctx)
	return nil
}

func sendAsync(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	defer cancel() // want "ctx-cancel-premature"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	go http.DefaultClient.Do(req)
	return nil
}

func startFromAClosure(parent context.Context) func(string) {
	return func(peer string) {
		ctx, cancel := context.WithCancel(parent)
		defer cancel() // want "ctx-cancel-premature"
		go pull(ctx, peer)
	}
}
