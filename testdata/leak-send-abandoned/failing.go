// Near misses: the path that abandons the goroutine fails the test or ends the
// process, so nothing outlives it for long.
package abandoned

import (
	"log"
	"testing"
	"time"
)

func timeoutFailsTheTest(t *testing.T, url string) {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

func returnAfterTestError(t *testing.T, url string, ok bool) {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	if !ok {
		t.Errorf("not ok")
		return
	}
	<-ch
}

func timeoutEndsTheProcess(url string) *page {
	ch := make(chan *page)
	go func() {
		ch <- download(url)
	}()
	select {
	case p := <-ch:
		return p
	case <-time.After(time.Minute):
		log.Fatal("no page")
	}
	return nil
}
