// Shape 2 positives: `cancel()` and then, on the same path, a call that takes
// the cancelled context or a context derived from it. Reported at the use, with
// the cancel call as a related location.
package premature

import (
	"context"
	"net/http"
	"time"
)

func cancelThenPull(parent context.Context, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if err := pull(ctx, peer); err != nil {
		cancel()
		return err
	}
	cancel()
	return pull(ctx, peer) // want "ctx-cancel-premature"
}

func cancelThenDerived(parent context.Context, peer string) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	tctx, tcancel := context.WithTimeout(ctx, time.Second)
	defer tcancel()
	cancel()
	return pull(tctx, peer) // want "ctx-cancel-premature"
}

func cancelThenRequest(parent context.Context, url string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	_ = pull(ctx, url)
	cancel()
	if url != "" {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil) // want "ctx-cancel-premature"
		if err != nil {
			return nil, err
		}
		return http.DefaultClient.Do(req)
	}
	return nil, nil
}

func cancelInASwitchBranch(parent context.Context, mode int, peer string) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	switch mode {
	case 0:
		_ = pull(ctx, peer)
		cancel()
		_ = pull(ctx, peer) // want "ctx-cancel-premature"
	default:
		return pull(ctx, peer)
	}
	return nil
}

// The pre-cancelled-context idiom: created and cancelled before any use, then handed
// on to mean "don't wait".
func shutdownWithoutWaiting(parent context.Context, srv *http.Server) error {
	now, cancel := context.WithCancel(parent)
	cancel()
	return srv.Shutdown(now)
}

// Recorded for a log line before the cancel: still the pre-cancelled idiom.
func expiredOnPurpose(parent context.Context, args map[string]interface{}, peer string) error {
	ctx, cancel := context.WithTimeout(parent, time.Nanosecond)
	args["ctx"] = ctx
	cancel()
	return pull(ctx, peer)
}

// After the cancel, the context only feeds a log line: its values are read, no work
// is done with it.
func logsWithTheContextAfterCancel(parent context.Context, peer string, logError func(string)) {
	ctx, cancel := context.WithCancel(parent)
	_ = pull(ctx, peer)
	cancel()
	logError(requestID(ctx))
}

func requestID(ctx context.Context) string { _ = ctx; return "id" }
