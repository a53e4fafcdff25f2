module example.com/debug

go 1.23

godebug (
	asynctimerchan=1 // keep the old timers
)
