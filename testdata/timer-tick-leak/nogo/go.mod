// A go.mod without a go directive: the go command assumes go 1.16.
module example.com/nogo
