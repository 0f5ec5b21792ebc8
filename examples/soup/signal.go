package main

import (
	"os"
	"os/signal"
	"syscall"
)

// cleanupOnSignal removes the temporary files of unfinished writes when
// the process is interrupted (SIGINT) or terminated (SIGTERM), and then
// exits with the status a shell reports for the signal (128 + its
// number). It returns a function that stops the handling.
func cleanupOnSignal() (stop func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-c:
			temps.removeAll()
			code := 130
			if s, ok := sig.(syscall.Signal); ok {
				code = 128 + int(s)
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(c)
		close(done)
	}
}
