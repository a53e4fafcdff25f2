// A nested main package: go.mod is found two directories up. main, init and the
// literals they start run once and are silent; a handler literal runs per
// request, and a Tick inside a loop leaks a ticker per turn even in main.
package main

import (
	"log"
	"net/http"
	"time"
)

func init() {
	tick := time.Tick(time.Hour)
	go func() {
		for range tick {
			log.Println("hourly")
		}
	}()
}

func main() {
	status := time.Tick(time.Minute)
	go func() {
		for range status {
			log.Println("alive")
		}
	}()
	http.HandleFunc("/wait", func(w http.ResponseWriter, r *http.Request) {
		<-time.Tick(time.Second) // want "timer-tick-leak"
		w.WriteHeader(http.StatusOK)
	})
	for i := 0; i < 3; i++ {
		<-time.Tick(time.Second) // want "timer-tick-leak"
	}
	func() {
		<-time.Tick(time.Second)
	}()
	log.Fatal(http.ListenAndServe(":8080", nil))
}
