package broken

import (
	"context"
	"time"
)

// fetch still parses: its finding must be reported.
func fetch(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx
}

// handle has a syntax error in its body: it cannot be checked.
func handle(parent context.Context) {
	ctx, _ := context.WithCancel(parent)
	if ctx != nil {
		ctx = ctx +* 
	}
}

type Server struct{}

// Close has a syntax error in its body too.
func (s *Server) Close(parent context.Context) error {
	for i := 0; i < 3; i++ {
		go func() { ) }()
	}
	return nil
}

// after parses again.
func after(parent context.Context) {
	_, cancel := context.WithCancel(parent)
	cancel()
}
