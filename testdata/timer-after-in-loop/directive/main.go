// A main package whose `//go:debug asynctimerchan=1` (in a file that does not
// import time) brings the pre-1.23 timers back for the whole package.

//go:debug asynctimerchan=1
package main

func main() {
	loop(make(chan string))
}
