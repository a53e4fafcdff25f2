// Positives: time.AfterFunc closures that capture variables of the enclosing
// function (a request, a response writer, a buffer, a receiver, a loop
// variable) while the returned *time.Timer is dropped, so nothing can stop it.
package capture

import (
	"bytes"
	"log"
	"net/http"
	"time"
)

func logSlowRequest(w http.ResponseWriter, r *http.Request) {
	buf := new(bytes.Buffer)
	time.AfterFunc(30*time.Second, func() { // want "timer-afterfunc-capture"
		log.Printf("slow request %s, %d bytes, %T", r.URL, buf.Len(), w)
	})
	serve(w, r, buf)
}

type Session struct {
	id    string
	conns []string
}

func (s *Session) expireLater(ttl time.Duration) {
	time.AfterFunc(ttl, func() { // want "timer-afterfunc-capture"
		s.conns = nil
	})
}

func remindEachUser(users []string) {
	for _, user := range users {
		time.AfterFunc(time.Hour, func() { // want "timer-afterfunc-capture"
			log.Println("reminder for", user)
		})
	}
}

func startedFromAGoroutine(payload []byte) {
	go time.AfterFunc(time.Minute, func() { // want "timer-afterfunc-capture"
		log.Println(len(payload))
	})
}

func assignedToBlank(conn *bytes.Buffer) {
	_ = time.AfterFunc(time.Second, func() { // want "timer-afterfunc-capture"
		conn.Reset()
		conn.WriteString("expired")
	})
}

func earlyReturnArmsATimer(r *http.Request, retry bool) error {
	if !retry {
		time.AfterFunc(time.Second, func() { // want "timer-afterfunc-capture"
			log.Println("gave up on", r.URL)
		})
		return nil
	}
	return nil
}

func switchBranchArmsATimer(kind string, body []byte) {
	switch kind {
	case "audit":
		time.AfterFunc(time.Minute, func() { // want "timer-afterfunc-capture"
			log.Println(kind, len(body))
		})
	default:
	}
}

func nestedClosureCapturesThroughALiteral(w http.ResponseWriter) {
	flush := func() {
		time.AfterFunc(time.Second, func() { // want "timer-afterfunc-capture"
			w.WriteHeader(http.StatusGatewayTimeout)
		})
	}
	flush()
}

func deferredTimerCapturesManyNames(a, b, c, d, e int) {
	defer time.AfterFunc(time.Second, func() { // want "timer-afterfunc-capture"
		log.Println(a, b, c, d, e)
	})
}

func serve(http.ResponseWriter, *http.Request, *bytes.Buffer) {}
